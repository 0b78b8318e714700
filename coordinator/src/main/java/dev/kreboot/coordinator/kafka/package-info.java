/** Kafka adapters: map contract records to domain inputs and domain outputs to contract records. */
package dev.kreboot.coordinator.kafka;
