/** The status sink that publishes to the {@code kreboot.node-status} topic. */
package dev.kreboot.sensor.kafka;
