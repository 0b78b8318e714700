package dev.kreboot.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kreboot.schemas.Samples;
import dev.kreboot.schemas.wire.UndecodableMessageException;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The factory, and what a registry that cannot be reached means for writers and readers. */
class WireFormatsTest {

    @Test
    void theDefaultWritesSingleObjectAndParksRegistryFramedRecords() throws Exception {
        WireFormat format = WireFormats.create(WireSettings.defaults());
        SpecificRecord status = Samples.status("n1", true, 1);
        byte[] bytes = format.encode(status);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals(status, format.decode(bytes));
        var e = assertThrows(UndecodableMessageException.class, () -> format.decode(new byte[] {0, 0, 0, 0, 7, 2}));
        assertEquals(UndecodableMessageException.Kind.UNKNOWN_SCHEMA, e.kind());
    }

    @Test
    void anUnreachableRegistryFailsTheSendAndTheReadWithoutBlamingTheRecord() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();
        WireFormat format = WireFormats.create(WireSettings.from(Map.of("kreboot.wire-format", "registry",
                "kreboot.registry.url", url)));
        assertThrows(IllegalStateException.class, () -> format.encode(Samples.status("n1", true, 1)));
        // Not an UndecodableMessageException: the consumer retries instead of parking the record.
        assertThrows(IllegalStateException.class, () -> format.decode(new byte[] {0, 0, 0, 0, 7, 2}));
        WireFormat singleWriter = WireFormats.create(WireSettings.from(Map.of("kreboot.registry.url", url)));
        assertEquals((byte) 0xC3, singleWriter.encode(Samples.status("n1", true, 1))[0], "no registry needed to write");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
