package dev.kreboot.notifier;

import io.micronaut.runtime.Micronaut;

/** The deployed shell: Micronaut serves /health and /prometheus and starts {@link NotifierService}. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
