package dev.kreboot.schemas.wire;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for any kreboot record, in the configured {@link WireFormat}. */
public final class KrebootSerializer implements Serializer<SpecificRecord> {
    private final WireFormat format;

    public KrebootSerializer() {
        this(new SingleObjectWireFormat());
    }

    public KrebootSerializer(WireFormat format) {
        this.format = format;
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord data) {
        return data == null ? null : format.encode(data);
    }
}
