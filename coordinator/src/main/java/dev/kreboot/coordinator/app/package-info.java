/** The coordinator's runtime: rebuilds state from Kafka, feeds inputs to the domain, publishes its outputs. */
package dev.kreboot.coordinator.app;
