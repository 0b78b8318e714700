package dev.kreboot.coordinator.app;

/** A port for the health gate after a reboot: true when the node may give its slot back. Errors are false (fail closed). */
public interface HealthCheck {
    boolean healthy(String node);

    /** What the gate checks, in one line for people ({@code status.healthGate}), never a credential. */
    default String describe() {
        return "a health check (" + getClass().getSimpleName() + ")";
    }

    /** Called once a RebootPolicy change retired this adapter, on the runtime's thread between two decisions. */
    default void close() {
    }
}
