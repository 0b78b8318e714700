package dev.kreboot.schemas;

/** Kafka record header names kreboot writes. */
public final class Headers {
    /** On a DLQ record: why the original could not be decoded (an {@code UndecodableMessageException.Kind}). */
    public static final String DLQ_REASON = "kreboot.dlq.reason";
    /** On a DLQ record: the decoder's error message. */
    public static final String DLQ_ERROR = "kreboot.dlq.error";
    public static final String DLQ_SOURCE_TOPIC = "kreboot.dlq.source-topic";
    public static final String DLQ_SOURCE_PARTITION = "kreboot.dlq.source-partition";
    public static final String DLQ_SOURCE_OFFSET = "kreboot.dlq.source-offset";
    /** On a DLQ record: the service that gave up on the message. */
    public static final String DLQ_CONSUMER = "kreboot.dlq.consumer";

    private Headers() {
    }
}
