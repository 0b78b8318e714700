package dev.kreboot.sensor.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the sensor reports about its node at one instant; the content of a {@code NodeStatus}
 * without the envelope (event id, cluster, producer).
 *
 * @param sequence        increases by one with every report of this sensor instance
 * @param observedAt      when the host was looked at
 * @param bootId          empty when it could not be read
 * @param sentinelSeenAt  first sighting of the sentinel in the current episode; null when not required
 * @param probeError      why the host could not be read; {@code rebootRequired} is then false
 */
public record StatusReport(long sequence, Instant observedAt, boolean rebootRequired, String bootId,
                           String kernelRelease, List<String> packages, boolean packagesTruncated,
                           Instant sentinelSeenAt, String probeError) {

    public StatusReport {
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(bootId, "bootId");
        packages = List.copyOf(packages);
    }

    /** True when both describe the same host state, whatever their sequence and time. */
    public boolean sameObservationAs(StatusReport other) {
        return other != null
                && rebootRequired == other.rebootRequired
                && packagesTruncated == other.packagesTruncated
                && bootId.equals(other.bootId)
                && Objects.equals(kernelRelease, other.kernelRelease)
                && packages.equals(other.packages)
                && Objects.equals(sentinelSeenAt, other.sentinelSeenAt)
                && Objects.equals(probeError, other.probeError);
    }
}
