package dev.kreboot.schemas.wire;

import org.apache.avro.specific.SpecificRecord;

/** Turns kreboot records into bytes and back. Implementations are thread-safe. */
public interface WireFormat {

    byte[] encode(SpecificRecord record);

    /**
     * Decodes any record of the kreboot contract, written with the current or any released
     * schema, into the current reader class.
     *
     * @throws UndecodableMessageException with the reason when the bytes are at fault (the record
     *     belongs in the DLQ)
     * @throws IllegalStateException only when a schema registry cannot be asked: not the record's
     *     fault, so the caller retries it later instead of parking it
     */
    SpecificRecord decode(byte[] bytes) throws UndecodableMessageException;
}
