package dev.kreboot.executor;

import io.micronaut.runtime.Micronaut;

/** The executor DaemonSet's entry point. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
