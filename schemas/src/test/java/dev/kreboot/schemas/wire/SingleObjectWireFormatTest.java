package dev.kreboot.schemas.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Samples;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import dev.kreboot.schemas.testing.PropertyCheck;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SingleObjectWireFormatTest {
    private final WireFormat format = new SingleObjectWireFormat();

    @Test
    void roundTripsEveryMessageType() throws Exception {
        for (SpecificRecord record : Samples.everyType()) {
            byte[] bytes = format.encode(record);
            assertEquals((byte) 0xC3, bytes[0], "single-object marker");
            assertEquals((byte) 0x01, bytes[1], "single-object marker");
            assertEquals(record, format.decode(bytes), record.getClass().getSimpleName());
        }
    }

    @Test
    void everyMessageTypeHasAReleasedSchema() {
        for (Class<?> type : SchemaCatalog.MESSAGE_TYPES) {
            String name = org.apache.avro.specific.SpecificData.get().getSchema(type).getFullName();
            boolean released = SchemaCatalog.releasedSchemas().values().stream()
                    .anyMatch(schema -> schema.getFullName().equals(name));
            // A new message type must be released (copied under released/) before it ships.
            org.junit.jupiter.api.Assertions.assertTrue(released, type.getSimpleName() + " has no released schema");
        }
    }

    @Test
    void refusesBytesWithoutTheMarker() {
        var e = assertThrows(UndecodableMessageException.class,
                () -> format.decode("{\"node\":\"n1\"}".getBytes()));
        assertEquals(UndecodableMessageException.Kind.NOT_SINGLE_OBJECT, e.kind());
    }

    @Test
    void refusesAWholeHeaderWhoseSecondMarkerByteIsWrong() {
        byte[] bytes = format.encode(Samples.status("n1", true, 1));
        bytes[1] = 0x02; // a later single-object version, or not single-object at all

        var e = assertThrows(UndecodableMessageException.class, () -> format.decode(bytes));

        assertEquals(UndecodableMessageException.Kind.NOT_SINGLE_OBJECT, e.kind());
        assertEquals(UndecodableMessageException.Kind.NOT_SINGLE_OBJECT.text() + ": first bytes c302"
                + HexFormat.of().formatHex(bytes, 2, 4), e.getMessage());
    }

    @Test
    void refusesEmptyBytes() {
        var e = assertThrows(UndecodableMessageException.class, () -> format.decode(new byte[0]));
        assertEquals(UndecodableMessageException.Kind.EMPTY, e.kind());
    }

    @Test
    void refusesAnUnknownFingerprint() {
        byte[] bytes = format.encode(Samples.status("n1", true, 1));
        bytes[5] ^= 0x5A;
        var e = assertThrows(UndecodableMessageException.class, () -> format.decode(bytes));
        assertEquals(UndecodableMessageException.Kind.UNKNOWN_SCHEMA, e.kind());
    }

    @Test
    void refusesATruncatedBody() {
        byte[] bytes = format.encode(Samples.status("n1", true, 1));
        var e = assertThrows(UndecodableMessageException.class,
                () -> format.decode(Arrays.copyOf(bytes, bytes.length - 5)));
        assertEquals(UndecodableMessageException.Kind.CORRUPT_BODY, e.kind());
    }

    @Test
    void refusesTrailingGarbage() {
        byte[] bytes = format.encode(Samples.status("n1", true, 1));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        var e = assertThrows(UndecodableMessageException.class, () -> format.decode(longer));
        assertEquals(UndecodableMessageException.Kind.CORRUPT_BODY, e.kind());
    }

    @Test
    void anyBytesDecodeOrFailWithAReason() {
        PropertyCheck.forAll("random bytes", 2000, 20261127L, random -> {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            if (noise.length > 2 && random.nextBoolean()) {
                noise[0] = (byte) 0xC3; // reach the fingerprint and body checks too
                noise[1] = 0x01;
            }
            return noise;
        }, SingleObjectWireFormatTest::decodeOrReason);
    }

    @Test
    void corruptingAValidMessageNeverEscapesAsAnotherException() {
        byte[] valid = format.encode(Samples.status("node-7", true, 3));
        PropertyCheck.forAll("corrupted message", 2000, 42L, random -> {
            byte[] bytes = valid.clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                // Corrupt the body (past the header) so the schema is found and the reader runs.
                int at = 10 + random.nextInt(bytes.length - 10);
                bytes[at] ^= (byte) (1 + random.nextInt(255));
            }
            return random.nextBoolean() ? bytes : Arrays.copyOf(bytes, 10 + random.nextInt(bytes.length - 10));
        }, SingleObjectWireFormatTest::decodeOrReason);
    }

    private static void decodeOrReason(byte[] bytes) {
        try {
            new SingleObjectWireFormat().decode(bytes);
        } catch (UndecodableMessageException expected) {
            // the only allowed failure: reported with a reason, never another exception
        }
    }

    @Test
    void readsAMessageWrittenWithAnOlderReleasedSchema() throws Exception {
        // An older NodeStatus without the fields added later (all of which have defaults).
        Schema current = NodeStatus.getClassSchema();
        Schema header = current.getField("header").schema();
        Schema older = SchemaBuilder.record("NodeStatus").namespace("dev.kreboot.schemas").fields()
                .name("header").type(header).noDefault()
                .requiredBoolean("rebootRequired")
                .requiredString("bootId")
                .requiredLong("sequence")
                .endRecord();
        SchemaCatalog catalog = SchemaCatalog.of(Map.of("v0/NodeStatus.avsc", older));
        WireFormat reader = new SingleObjectWireFormat(catalog);

        GenericRecord old = new GenericData.Record(older);
        old.put("header", Samples.header("node-3", null));
        old.put("rebootRequired", true);
        old.put("bootId", "b-3");
        old.put("sequence", 42L);
        byte[] bytes = singleObject(older, old);

        NodeStatus decoded = (NodeStatus) reader.decode(bytes);
        assertEquals("node-3", decoded.getHeader().getNode());
        assertEquals(42L, decoded.getSequence());
        assertEquals(dev.kreboot.schemas.SensorMode.UNKNOWN, decoded.getSensorMode(), "default applied");
        assertEquals(java.util.List.of(), decoded.getPackages(), "default applied");
    }

    private static byte[] singleObject(Schema schema, GenericRecord record) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        out.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(SchemaCatalog.fingerprint(schema)).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        new GenericDatumWriter<GenericRecord>(schema, model).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void fingerprintIsLittleEndianAfterTheMarker() {
        byte[] bytes = format.encode(Samples.status("n1", false, 1));
        long fp = SchemaCatalog.fingerprint(NodeStatus.getClassSchema());
        byte[] expected = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(fp).array();
        assertArrayEquals(expected, Arrays.copyOfRange(bytes, 2, 10));
    }
}
