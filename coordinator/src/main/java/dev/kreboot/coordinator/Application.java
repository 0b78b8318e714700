package dev.kreboot.coordinator;

import io.micronaut.runtime.Micronaut;

/** Deployed entry point; the logic lives in {@link dev.kreboot.coordinator.app.CoordinatorRuntime}. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        // No banner: with KREBOOT_LOG_FORMAT=json every stdout line must be one JSON object.
        Micronaut.build(args).classes(Application.class).banner(false).start();
    }
}
