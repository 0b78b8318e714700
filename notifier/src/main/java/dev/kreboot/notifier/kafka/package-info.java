/** Kafka adapter: consumes progress and decisions and commits an offset only once every route accepted the event. */
package dev.kreboot.notifier.kafka;
