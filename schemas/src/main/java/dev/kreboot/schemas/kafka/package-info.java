/** Kafka plumbing every service shares: client settings, topic provisioning, DLQ-aware decoding, the poll loop. */
package dev.kreboot.schemas.kafka;
