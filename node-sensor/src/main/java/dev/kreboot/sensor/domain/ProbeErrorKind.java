package dev.kreboot.sensor.domain;

/**
 * Why a look at the host failed. The tag text is the {@code kind} of the sensor's error metric and
 * appears in the log line, so an alert and a log search use the same word.
 */
public enum ProbeErrorKind {
    /** A host file (sentinel, boot id, packages, kernel release) could not be checked or read. */
    HOST_READ("host-read"),
    /** The sentinel command ended with an exit code other than 0 (required) or 1 (not required). */
    COMMAND_EXIT_CODE("command-exit-code"),
    /** The sentinel command ran longer than its timeout and was killed. */
    COMMAND_TIMEOUT("command-timeout"),
    /** The sentinel command could not be started (not found, not executable). */
    COMMAND_START("command-start"),
    /** The probe itself threw: a bug, reported instead of stopping the sensor. */
    PROBE_FAILED("probe-failed");

    private final String tag;

    ProbeErrorKind(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
