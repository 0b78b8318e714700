package dev.kreboot.schemas;

/** Every metric name kreboot publishes; tags are documented where each is recorded. */
public final class MetricNames {
    /** Counter, tags {@code topic}, {@code reason}: messages sent to the DLQ. */
    public static final String DLQ_MESSAGES = "kreboot.dlq.messages";
    /** Timer, tags {@code topic}, {@code outcome}: Kafka sends. */
    public static final String KAFKA_SEND = "kreboot.kafka.send";
    /** Gauge, tag {@code node}: 1 while the node needs a reboot (kured's metric name). */
    public static final String KURED_REBOOT_REQUIRED = "kured_reboot_required";
    /** Counter, tag {@code required}: statuses published by the sensor. */
    public static final String SENSOR_STATUS_PUBLISHED = "kreboot.sensor.status.published";
    /** Gauge: slots in use by the coordinator. */
    public static final String COORDINATOR_SLOTS_IN_USE = "kreboot.coordinator.slots.in-use";
    /** Counter, tag {@code type}: decisions published. */
    public static final String COORDINATOR_DECISIONS = "kreboot.coordinator.decisions";
    /** Counter, tag {@code phase}: progress events published by the executor. */
    public static final String EXECUTOR_PROGRESS = "kreboot.executor.progress";
    /** Timer, tags {@code route}, {@code outcome}: notification deliveries. */
    public static final String NOTIFIER_DELIVERY = "kreboot.notifier.delivery";

    private MetricNames() {
    }
}
