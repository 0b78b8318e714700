package dev.kreboot.executor.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A coordinator command as the executor sees it, free of the wire types.
 *
 * @param expiresAt after this instant the command is refused; null means it never expires
 */
public record Command(CommandKind kind, String node, long seq, String rebootId, String bootIdToLeave,
                      Instant expiresAt) {
    public Command {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(rebootId, "rebootId");
        Objects.requireNonNull(bootIdToLeave, "bootIdToLeave");
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return kind + "#" + seq + "(" + node + ", reboot " + rebootId + ")";
    }
}
