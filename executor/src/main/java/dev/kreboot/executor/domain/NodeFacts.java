package dev.kreboot.executor.domain;

import dev.kreboot.schemas.Keys;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/** What the executor needs to know about its Node object, read from the API server. */
public record NodeFacts(String name, boolean unschedulable, boolean ready, Map<String, String> annotations) {
    public NodeFacts {
        Objects.requireNonNull(name, "name");
        annotations = Map.copyOf(annotations);
    }

    /** rebootId of the reboot under way, or null. */
    public String rebootInProgress() {
        return annotations.get(Keys.REBOOT_IN_PROGRESS);
    }

    /** rebootId whose drain cordoned the node, or null when kreboot did not cordon it. */
    public String cordonedBy() {
        return annotations.get(Keys.CORDONED_BY_KREBOOT);
    }

    /** rebootId whose completion was last reported, or null. */
    public String completedReboot() {
        return annotations.get(Keys.COMPLETED_REBOOT);
    }

    /** rebootId whose reboot request timed out (the host never went down), or null. */
    public String rebootTimedOut() {
        return annotations.get(NodeKeys.REBOOT_TIMED_OUT);
    }

    /** rebootId whose reboot was requested from the host, or null. */
    public String rebootRequestedFor() {
        return annotations.get(NodeKeys.REBOOT_REQUESTED_FOR);
    }

    /** When the reboot of {@link #rebootRequestedFor()} was requested; null when absent or malformed. */
    public Instant rebootRequestedAt() {
        String value = annotations.get(NodeKeys.REBOOT_REQUESTED_AT);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The newest command sequence recorded on the node; a malformed value counts as none. */
    public long lastCommandSeq() {
        String value = annotations.get(NodeKeys.LAST_COMMAND_SEQ);
        if (value == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
