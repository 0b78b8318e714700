package dev.kreboot.schemas.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kreboot.schemas.EventHeader;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Samples;
import dev.kreboot.schemas.testing.PropertyCheck;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Format detection by the first bytes, and the failure kind of every way a record can be wrong. */
class DualFormatReaderTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final SingleObjectWireFormat single = new SingleObjectWireFormat();
    private final RegistryWireFormat registryFormat = new RegistryWireFormat(registry);
    private final DualFormatReader reader = new DualFormatReader(registryFormat, single, registryFormat);

    @Test
    void registryFormatIsMagicZeroABigEndianIdAndTheAvroBody() throws Exception {
        for (SpecificRecord record : Samples.everyType()) {
            byte[] bytes = registryFormat.encode(record);
            assertEquals(0, bytes[0], "magic byte");
            int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
            assertEquals(record.getSchema(), registry.byId.get(id), "the id names the current schema");
            assertEquals(record, registryFormat.decode(bytes), record.getClass().getSimpleName());
        }
    }

    @Test
    void oneReaderReadsBothFormats() throws Exception {
        for (SpecificRecord record : Samples.everyType()) {
            assertEquals(record, reader.decode(single.encode(record)), "single-object " + record.getClass().getSimpleName());
            assertEquals(record, reader.decode(registryFormat.encode(record)), "registry " + record.getClass().getSimpleName());
        }
    }

    @Test
    void writesTheConfiguredFormat() {
        SpecificRecord status = Samples.status("n1", true, 1);
        assertEquals(0, reader.encode(status)[0]);
        assertEquals((byte) 0xC3, new DualFormatReader(single, single, registryFormat).encode(status)[0]);
    }

    @Test
    void anyOtherFirstByteIsAnUnknownFormat() {
        for (byte[] bytes : new byte[][] {"{\"node\":\"n1\"}".getBytes(), {(byte) 0xC3, 0x02, 1, 2, 3}, {(byte) 0xC3}, {7}}) {
            var e = assertThrows(UndecodableMessageException.class, () -> reader.decode(bytes));
            assertEquals(UndecodableMessageException.Kind.UNKNOWN_FORMAT, e.kind(), Arrays.toString(bytes));
        }
    }

    @Test
    void emptyBytesAreEmpty() {
        var e = assertThrows(UndecodableMessageException.class, () -> reader.decode(new byte[0]));
        assertEquals(UndecodableMessageException.Kind.EMPTY, e.kind());
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsAnUnknownSchema() {
        byte[] bytes = registryFormat.encode(Samples.status("n1", true, 1));
        ByteBuffer.wrap(bytes).putInt(1, 99_999);
        var e = assertThrows(UndecodableMessageException.class, () -> reader.decode(bytes));
        assertEquals(UndecodableMessageException.Kind.UNKNOWN_SCHEMA, e.kind());
    }

    @Test
    void anIdNamingARecordOutsideTheContractIsAnUnknownSchema() {
        int id = registry.idOf("dev.kreboot.schemas.EventHeader", EventHeader.getClassSchema());
        byte[] bytes = registryFormat.encode(Samples.status("n1", true, 1));
        ByteBuffer.wrap(bytes).putInt(1, id);
        var e = assertThrows(UndecodableMessageException.class, () -> reader.decode(bytes));
        assertEquals(UndecodableMessageException.Kind.UNKNOWN_SCHEMA, e.kind());
    }

    @Test
    void registryFramingWithoutAConfiguredRegistryIsAnUnknownSchema() {
        byte[] bytes = registryFormat.encode(Samples.status("n1", true, 1));
        var e = assertThrows(UndecodableMessageException.class, () -> DualFormatReader.singleObjectOnly().decode(bytes));
        assertEquals(UndecodableMessageException.Kind.UNKNOWN_SCHEMA, e.kind());
    }

    @Test
    void aTruncatedRegistryBodyIsCorrupt() {
        byte[] bytes = registryFormat.encode(Samples.status("n1", true, 1));
        var e = assertThrows(UndecodableMessageException.class,
                () -> reader.decode(Arrays.copyOf(bytes, bytes.length - 5)));
        assertEquals(UndecodableMessageException.Kind.CORRUPT_BODY, e.kind());
    }

    @Test
    void anUnreachableRegistryIsNotTheRecordsFaultSoItIsRetriedNotParked() {
        byte[] bytes = registryFormat.encode(Samples.status("n1", true, 1));
        DualFormatReader fresh = new DualFormatReader(single, single, new RegistryWireFormat(registry));
        registry.down = true;
        assertThrows(IllegalStateException.class, () -> fresh.decode(bytes));
    }

    @Test
    void eachIdIsAskedOnceThenCached() throws Exception {
        byte[] bytes = registryFormat.encode(Samples.status("n1", true, 1));
        DualFormatReader fresh = new DualFormatReader(single, single, new RegistryWireFormat(registry));
        for (int i = 0; i < 5; i++) {
            assertEquals("n1", ((NodeStatus) fresh.decode(bytes)).getHeader().getNode());
        }
        assertEquals(1, registry.lookups.get());
    }

    @Test
    void resolvesARecordWrittenWithAnOlderRegisteredSchemaIntoTheCurrentClass() throws Exception {
        org.apache.avro.Schema header = NodeStatus.getClassSchema().getField("header").schema();
        org.apache.avro.Schema older = org.apache.avro.SchemaBuilder.record("NodeStatus")
                .namespace("dev.kreboot.schemas").fields()
                .name("header").type(header).noDefault()
                .requiredBoolean("rebootRequired").requiredString("bootId").requiredLong("sequence")
                .endRecord();
        int id = registry.idOf("dev.kreboot.schemas.NodeStatus", older);
        var old = new org.apache.avro.generic.GenericData.Record(older);
        old.put("header", Samples.header("node-3", null));
        old.put("rebootRequired", true);
        old.put("bootId", "b-3");
        old.put("sequence", 42L);
        var out = new java.io.ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        var model = new org.apache.avro.generic.GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(older, model)
                .write(old, encoder);
        encoder.flush();

        NodeStatus decoded = (NodeStatus) reader.decode(out.toByteArray());
        assertEquals("node-3", decoded.getHeader().getNode());
        assertEquals(42L, decoded.getSequence());
        assertEquals(dev.kreboot.schemas.SensorMode.UNKNOWN, decoded.getSensorMode(), "default applied");
    }

    @Test
    void aSignedCommandStillVerifiesAfterTheRegistryFormat() throws Exception {
        var keys = dev.kreboot.schemas.signing.SigningKeys.generate();
        var signer = new dev.kreboot.schemas.signing.CommandSigner(keys.getPrivate(), "k1");
        var verifier = new dev.kreboot.schemas.signing.CommandVerifier(java.util.Map.of("k1", keys.getPublic()));
        dev.kreboot.schemas.DrainCommand signed = signer.sign(dev.kreboot.schemas.DrainCommand.newBuilder()
                .setHeader(Samples.header("node-1", "r-1")).setCommandSeq(7).setBootIdToLeave("boot-1")
                .setExpiresAt(Samples.AT.plusSeconds(600)).build());
        SpecificRecord received = reader.decode(registryFormat.encode(signed));
        assertEquals(dev.kreboot.schemas.signing.CommandVerifier.Outcome.VALID, verifier.verify(received, Samples.AT));
    }

    @Test
    void anyBytesDecodeOrFailWithAReason() {
        byte[] valid = registryFormat.encode(Samples.status("node-7", true, 3));
        PropertyCheck.forAll("random or corrupted bytes", 3000, 20261128L, random -> {
            if (random.nextBoolean()) {
                byte[] noise = new byte[random.nextInt(120)];
                random.nextBytes(noise);
                if (noise.length > 0 && random.nextInt(3) == 0) {
                    noise[0] = 0; // reach the id lookup
                }
                return noise;
            }
            byte[] bytes = valid.clone();
            for (int i = 0, flips = 1 + random.nextInt(6); i < flips; i++) {
                int at = 5 + random.nextInt(bytes.length - 5);
                bytes[at] ^= (byte) (1 + random.nextInt(255));
            }
            return random.nextBoolean() ? bytes : Arrays.copyOf(bytes, 5 + random.nextInt(bytes.length - 5));
        }, bytes -> {
            try {
                reader.decode(bytes);
            } catch (UndecodableMessageException expected) {
                // the only allowed failure: a reason for the DLQ
            }
        });
    }
}
