package dev.kreboot.executor.host;

import dev.kreboot.executor.app.Rebooter;
import dev.kreboot.executor.config.ExecutorSettings;

/** Picks the host's reboot method from {@code kreboot.executor.reboot-method}, as kured does at start-up. */
public final class Rebooters {

    private Rebooters() {
    }

    public static Rebooter from(ExecutorSettings settings) {
        return switch (settings.rebootMethod()) {
            case COMMAND -> CommandRebooter.from(settings);
            case SIGNAL -> SignalRebooter.from(settings);
        };
    }
}
