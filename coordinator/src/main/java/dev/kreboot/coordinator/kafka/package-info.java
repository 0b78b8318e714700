/** Kafka adapters: map contract records to domain inputs and outputs to records; write operator Control records. */
package dev.kreboot.coordinator.kafka;
