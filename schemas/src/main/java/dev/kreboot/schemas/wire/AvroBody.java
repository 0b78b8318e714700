package dev.kreboot.schemas.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Avro binary body every framing shares, written with the current schema and read with any
 * writer schema, and the framing around it: a header (marker bytes, then the schema's fingerprint
 * or registry id) before the body.
 */
final class AvroBody {
    private AvroBody() {
    }

    /** {@code header}, then {@code record}'s body written with {@code entry}'s schema. */
    static byte[] framed(byte[] header, SchemaCatalog.Entry entry, SpecificRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(header);
        write(entry, record, out);
        return out.toByteArray();
    }

    /**
     * Refuses {@code bytes} unless they hold a whole header of {@code headerLength} bytes starting
     * with {@code markers}: {@code EMPTY} for no bytes, else {@code notThisFraming} naming the first
     * bytes.
     */
    static void checkHeader(byte[] bytes, byte[] markers, int headerLength,
                            UndecodableMessageException.Kind notThisFraming) throws UndecodableMessageException {
        if (bytes == null || bytes.length == 0) {
            throw new UndecodableMessageException(UndecodableMessageException.Kind.EMPTY, null, null);
        }
        if (bytes.length < headerLength || !Arrays.equals(bytes, 0, markers.length, markers, 0, markers.length)) {
            throw new UndecodableMessageException(notThisFraming,
                    "first bytes " + HexFormat.of().formatHex(Arrays.copyOf(bytes, Math.min(bytes.length, 4))), null);
        }
    }

    static void write(SchemaCatalog.Entry entry, SpecificRecord record, OutputStream out) {
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(entry.writer(), SchemaCatalog.model()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SpecificRecord read(SchemaCatalog.Entry entry, byte[] bytes, int offset)
            throws UndecodableMessageException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, null);
        try {
            SpecificRecord record = new SpecificDatumReader<SpecificRecord>(
                    entry.writer(), entry.reader(), SchemaCatalog.model()).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new UndecodableMessageException(UndecodableMessageException.Kind.CORRUPT_BODY,
                        "trailing bytes after a " + entry.writer().getName(), null);
            }
            return record;
        } catch (IOException | RuntimeException e) {
            // Avro signals corrupt input with EOF, negative lengths, index errors and the like.
            throw new UndecodableMessageException(UndecodableMessageException.Kind.CORRUPT_BODY,
                    entry.writer().getName() + " (" + entry.origin() + "): " + e, e);
        }
    }
}
