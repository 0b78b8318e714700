/** Kafka adapters: the consumer that commits an offset only once every route settled the event, the durable notifier state on a compacted topic, and the dead-letter sink. */
package dev.kreboot.notifier.kafka;
