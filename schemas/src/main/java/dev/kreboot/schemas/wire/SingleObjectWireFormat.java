package dev.kreboot.schemas.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding: {@code C3 01}, the writer schema's 8-byte little-endian parsing
 * fingerprint, then the binary body. A message names its own schema, so no registry is needed; the
 * reader resolves any writer schema of the {@link SchemaCatalog} into the current class.
 */
public final class SingleObjectWireFormat implements WireFormat {

    static final byte MARKER_0 = (byte) 0xC3;
    static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;

    private final SchemaCatalog catalog;

    public SingleObjectWireFormat() {
        this(SchemaCatalog.get());
    }

    public SingleObjectWireFormat(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public byte[] encode(SpecificRecord record) {
        SchemaCatalog.Entry entry = catalog.current(record.getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MARKER_0);
        out.write(MARKER_1);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(entry.fingerprint()).array());
        AvroBody.write(entry, record, out);
        return out.toByteArray();
    }

    @Override
    public SpecificRecord decode(byte[] bytes) throws UndecodableMessageException {
        if (bytes == null || bytes.length == 0) {
            throw new UndecodableMessageException(UndecodableMessageException.Kind.EMPTY, null, null);
        }
        if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new UndecodableMessageException(UndecodableMessageException.Kind.NOT_SINGLE_OBJECT,
                    "first bytes " + HexFormat.of().formatHex(Arrays.copyOf(bytes, Math.min(bytes.length, 4))), null);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SchemaCatalog.Entry entry = catalog.byFingerprint(fingerprint);
        if (entry == null) {
            throw new UndecodableMessageException(UndecodableMessageException.Kind.UNKNOWN_SCHEMA,
                    String.format("fingerprint %016x", fingerprint), null);
        }
        return AvroBody.read(entry, bytes, HEADER_LENGTH);
    }
}
