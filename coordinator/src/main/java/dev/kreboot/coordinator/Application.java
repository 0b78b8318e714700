package dev.kreboot.coordinator;

import io.micronaut.runtime.Micronaut;

/** Deployed entry point; the logic lives in {@link dev.kreboot.coordinator.app.CoordinatorRuntime}. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
