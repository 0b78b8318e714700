/** Kafka adapters: this node's command partition (replay, then follow) and the progress sink. */
package dev.kreboot.executor.kafka;
