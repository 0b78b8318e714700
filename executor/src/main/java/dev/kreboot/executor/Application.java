package dev.kreboot.executor;

import io.micronaut.runtime.Micronaut;

/** The executor DaemonSet's entry point. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        // No banner: with KREBOOT_LOG_FORMAT=json every stdout line must be one JSON object.
        Micronaut.build(args).classes(Application.class).banner(false).start();
    }
}
