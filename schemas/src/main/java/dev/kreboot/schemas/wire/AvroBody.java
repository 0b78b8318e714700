package dev.kreboot.schemas.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** The Avro binary body every framing shares: written with the current schema, read with any writer schema. */
final class AvroBody {
    private AvroBody() {
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
