package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.Command;
import dev.kreboot.executor.domain.CommandKind;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.EventHeader;
import dev.kreboot.schemas.RebootCommand;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** Maps wire commands to the domain's {@link Command}. */
final class Commands {

    private Commands() {
    }

    /** @throws IllegalArgumentException for anything that is not a well-formed command */
    static Command from(SpecificRecord record) {
        if (record instanceof DrainCommand d) {
            return command(CommandKind.DRAIN, d.getHeader(), d.getCommandSeq(), d.getBootIdToLeave(), d.getExpiresAt());
        }
        if (record instanceof RebootCommand r) {
            return command(CommandKind.REBOOT, r.getHeader(), r.getCommandSeq(), r.getBootIdToLeave(), r.getExpiresAt());
        }
        throw new IllegalArgumentException("not a command: " + (record == null ? "null" : record.getClass().getName()));
    }

    private static Command command(CommandKind kind, EventHeader header, long seq, String bootIdToLeave, Instant expiresAt) {
        if (header == null || header.getNode() == null) {
            throw new IllegalArgumentException(kind + " #" + seq + " has no node");
        }
        if (header.getRebootId() == null || header.getRebootId().isBlank()) {
            throw new IllegalArgumentException(kind + " #" + seq + " for " + header.getNode() + " has no rebootId");
        }
        if (bootIdToLeave == null || bootIdToLeave.isBlank()) {
            throw new IllegalArgumentException(kind + " #" + seq + " for " + header.getNode() + " has no bootIdToLeave");
        }
        return new Command(kind, header.getNode(), seq, header.getRebootId(), bootIdToLeave, expiresAt);
    }
}
