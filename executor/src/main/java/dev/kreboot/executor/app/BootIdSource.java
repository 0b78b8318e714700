package dev.kreboot.executor.app;

/** The host's current boot id: it changes on every boot, which is how a reboot is verified. */
@FunctionalInterface
public interface BootIdSource {
    String currentBootId();
}
