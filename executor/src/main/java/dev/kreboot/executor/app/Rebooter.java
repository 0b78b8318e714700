package dev.kreboot.executor.app;

/**
 * Reboots the host. {@link #reboot} may return before the host goes down (a real reboot kills the
 * executor's process soon after); it throws when the reboot could not even be requested.
 */
@FunctionalInterface
public interface Rebooter {
    void reboot(String node, String rebootId) throws Exception;
}
