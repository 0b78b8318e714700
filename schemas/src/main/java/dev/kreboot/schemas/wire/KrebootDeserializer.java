package dev.kreboot.schemas.wire;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for subscribers and tools. kreboot's own services consume raw bytes and
 * decode through {@link dev.kreboot.schemas.kafka.DeadLetters}, so a bad message goes to the DLQ
 * instead of stopping the consumer.
 */
public final class KrebootDeserializer implements Deserializer<SpecificRecord> {
    private final WireFormat format;

    public KrebootDeserializer() {
        this(new SingleObjectWireFormat());
    }

    public KrebootDeserializer(WireFormat format) {
        this.format = format;
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return format.decode(data);
        } catch (UndecodableMessageException e) {
            throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
