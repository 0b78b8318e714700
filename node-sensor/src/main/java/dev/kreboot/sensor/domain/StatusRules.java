package dev.kreboot.sensor.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Turns the previous state and one look at the host into the next report:
 *
 * <ol>
 *   <li>The sequence number is the previous one plus one, whatever the look found.</li>
 *   <li>A failed look reports {@code rebootRequired = false} with the error, no packages and no
 *       {@code sentinelSeenAt}: a node is never rebooted on a guess. The episode is kept as it was,
 *       because a failed read says nothing about whether the sentinel came or went.</li>
 *   <li>A successful look with the sentinel absent reports not required and ends the episode.</li>
 *   <li>A successful look with the sentinel present reports required. The episode (and with it
 *       {@code sentinelSeenAt}) starts now unless one is already running in the same boot: a
 *       changed boot id means the node rebooted, so a sentinel seen after that is a new need.</li>
 *   <li>Packages are deduplicated and capped at {@code maxPackages} ({@link PackageList}).</li>
 * </ol>
 */
public final class StatusRules {

    /** The next state and the report to publish. */
    public record Step(SensorState state, StatusReport report) {
    }

    private final int maxPackages;

    public StatusRules(int maxPackages) {
        if (maxPackages < 0) {
            throw new IllegalArgumentException("maxPackages must be >= 0, got " + maxPackages);
        }
        this.maxPackages = maxPackages;
    }

    public Step next(SensorState previous, HostSnapshot snapshot, Instant now) {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(now, "now");
        long sequence = previous.sequence() + 1;
        if (snapshot.failed()) {
            String bootId = snapshot.bootId() == null ? "" : snapshot.bootId();
            StatusReport report = new StatusReport(sequence, now, false, bootId, snapshot.kernelRelease(),
                    List.of(), false, null, snapshot.probeError());
            return new Step(new SensorState(sequence, previous.bootId(), previous.episodeStart()), report);
        }
        boolean sameBoot = snapshot.bootId().equals(previous.bootId());
        Instant episodeStart = !snapshot.sentinelPresent() ? null
                : previous.episodeStart() != null && sameBoot ? previous.episodeStart()
                : now;
        PackageList packages = PackageList.of(snapshot.packageLines(), maxPackages);
        StatusReport report = new StatusReport(sequence, now, snapshot.sentinelPresent(), snapshot.bootId(),
                snapshot.kernelRelease(), packages.names(), packages.truncated(), episodeStart, null);
        return new Step(new SensorState(sequence, snapshot.bootId(), episodeStart), report);
    }
}
