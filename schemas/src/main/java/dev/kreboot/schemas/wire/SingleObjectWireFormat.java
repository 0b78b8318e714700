package dev.kreboot.schemas.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .put(MARKER_0).put(MARKER_1).putLong(entry.fingerprint()).array();
        return AvroBody.framed(header, entry, record);
    }

    @Override
    public SpecificRecord decode(byte[] bytes) throws UndecodableMessageException {
        AvroBody.checkHeader(bytes, new byte[] {MARKER_0, MARKER_1}, HEADER_LENGTH,
                UndecodableMessageException.Kind.NOT_SINGLE_OBJECT);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SchemaCatalog.Entry entry = catalog.byFingerprint(fingerprint);
        if (entry == null) {
            throw new UndecodableMessageException(UndecodableMessageException.Kind.UNKNOWN_SCHEMA,
                    String.format("fingerprint %016x", fingerprint), null);
        }
        return AvroBody.read(entry, bytes, HEADER_LENGTH);
    }
}
