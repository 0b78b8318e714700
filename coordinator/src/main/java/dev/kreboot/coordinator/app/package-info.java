/** The runtime: leads when elected, rebuilds state from Kafka, feeds the domain, publishes transactionally. */
package dev.kreboot.coordinator.app;
