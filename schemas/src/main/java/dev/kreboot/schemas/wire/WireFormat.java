package dev.kreboot.schemas.wire;

import org.apache.avro.specific.SpecificRecord;

/** Turns kreboot records into bytes and back. Implementations are thread-safe. */
public interface WireFormat {

    byte[] encode(SpecificRecord record);

    /**
     * Decodes any record of the kreboot contract, written with the current or any released
     * schema, into the current reader class.
     *
     * @throws UndecodableMessageException with the reason, never another exception
     */
    SpecificRecord decode(byte[] bytes) throws UndecodableMessageException;
}
