package dev.kreboot.schemas.signing;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.EventHeader;
import dev.kreboot.schemas.RebootCommand;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * The bytes a command's signature covers: every field that decides what an executor does, in a
 * fixed order, each length-prefixed, independent of the Avro schema version the command was
 * written with (so a reader on a newer schema verifies an older writer's signature). The
 * signature and key id themselves are not covered; the key id selects the verifying key.
 */
final class CommandContent {
    private static final String DOMAIN = "kreboot-command-v1";

    private CommandContent() {
    }

    static byte[] of(SpecificRecord command) {
        if (command instanceof DrainCommand d) {
            return bytes("DrainCommand", d.getHeader(), d.getCommandSeq(), d.getBootIdToLeave(), d.getExpiresAt());
        }
        if (command instanceof RebootCommand r) {
            return bytes("RebootCommand", r.getHeader(), r.getCommandSeq(), r.getBootIdToLeave(), r.getExpiresAt());
        }
        throw new IllegalArgumentException("not a command: " + command.getClass().getName());
    }

    private static byte[] bytes(String type, EventHeader h, long seq, String bootIdToLeave, Instant expiresAt) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeUTF(DOMAIN);
            out.writeUTF(type);
            out.writeUTF(h.getEventId());
            out.writeLong(h.getOccurredAt().toEpochMilli());
            out.writeUTF(h.getCluster());
            out.writeUTF(h.getNode());
            out.writeUTF(h.getRebootId() == null ? "" : h.getRebootId());
            out.writeUTF(h.getProducerService());
            out.writeUTF(h.getProducerInstance());
            out.writeLong(seq);
            out.writeUTF(bootIdToLeave);
            out.writeLong(expiresAt == null ? Long.MIN_VALUE : expiresAt.toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
