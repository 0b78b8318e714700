package dev.kreboot.sensor.domain;

import java.time.Instant;

/**
 * What the sensor remembers between looks at the host.
 *
 * @param sequence     the sequence number of the last report, 0 before the first
 * @param bootId       the last boot id read successfully, null before the first
 * @param episodeStart first sighting of the sentinel in the current episode, null outside one
 */
public record SensorState(long sequence, String bootId, Instant episodeStart) {

    public static SensorState initial() {
        return new SensorState(0, null, null);
    }
}
