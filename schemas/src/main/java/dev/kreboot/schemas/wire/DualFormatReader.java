package dev.kreboot.schemas.wire;

import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes in one configured format and reads both, so a cluster switches formats without a flag
 * day: readers are upgraded first, then writers flip. The first byte decides: {@code C3} (followed
 * by {@code 01}) is single-object, {@code 00} is the schema-registry framing, anything else is
 * {@code UNKNOWN_FORMAT}. Without a registry (none configured) registry-framed records are
 * {@code UNKNOWN_SCHEMA}: their ids cannot be resolved here, and they go to the DLQ like any
 * record this reader cannot understand.
 */
public final class DualFormatReader implements WireFormat {

    private final WireFormat writer;
    private final SingleObjectWireFormat singleObject;
    private final RegistryWireFormat registry;

    /**
     * @param writer the format {@link #encode} uses (one of the two below)
     * @param registry the registry format, or null when no registry is configured
     */
    public DualFormatReader(WireFormat writer, SingleObjectWireFormat singleObject, RegistryWireFormat registry) {
        this.writer = writer;
        this.singleObject = singleObject;
        this.registry = registry;
    }

    /** Writes single-object, reads single-object only (no registry configured). */
    public static DualFormatReader singleObjectOnly() {
        SingleObjectWireFormat single = new SingleObjectWireFormat();
        return new DualFormatReader(single, single, null);
    }

    @Override
    public byte[] encode(SpecificRecord record) {
        return writer.encode(record);
    }

    @Override
    public SpecificRecord decode(byte[] bytes) throws UndecodableMessageException {
        if (bytes == null || bytes.length == 0) {
            throw new UndecodableMessageException(UndecodableMessageException.Kind.EMPTY, null, null);
        }
        if (bytes[0] == SingleObjectWireFormat.MARKER_0 && bytes.length > 1 && bytes[1] == SingleObjectWireFormat.MARKER_1) {
            return singleObject.decode(bytes);
        }
        if (bytes[0] == RegistryWireFormat.MAGIC) {
            if (registry == null) {
                throw new UndecodableMessageException(UndecodableMessageException.Kind.UNKNOWN_SCHEMA,
                        "schema-registry framing but no registry configured (kreboot.registry.url)", null);
            }
            return registry.decode(bytes);
        }
        throw new UndecodableMessageException(UndecodableMessageException.Kind.UNKNOWN_FORMAT,
                "first bytes " + HexFormat.of().formatHex(Arrays.copyOf(bytes, Math.min(bytes.length, 4))), null);
    }
}
