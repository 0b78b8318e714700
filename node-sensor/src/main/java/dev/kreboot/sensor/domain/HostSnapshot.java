package dev.kreboot.sensor.domain;

import java.util.List;
import java.util.Objects;

/**
 * One look at the host. When {@code probeError} is set the look failed and {@code sentinelPresent}
 * means nothing; {@code bootId} and {@code kernelRelease} carry whatever was read before the failure
 * (possibly null).
 *
 * @param packageLines the raw lines of the packages file, empty when it does not exist
 */
public record HostSnapshot(boolean sentinelPresent, String bootId, String kernelRelease,
                           List<String> packageLines, String probeError) {

    public HostSnapshot {
        packageLines = packageLines == null ? List.of() : List.copyOf(packageLines);
        if (probeError == null) {
            Objects.requireNonNull(bootId, "bootId of a successful probe");
        }
    }

    /** A successful look at the host. */
    public static HostSnapshot read(boolean sentinelPresent, String bootId, String kernelRelease,
                                    List<String> packageLines) {
        return new HostSnapshot(sentinelPresent, bootId, kernelRelease, packageLines, null);
    }

    /** A failed look: {@code error} says what could not be read and why. */
    public static HostSnapshot unreadable(String error, String bootId, String kernelRelease) {
        Objects.requireNonNull(error, "error");
        return new HostSnapshot(false, bootId, kernelRelease, List.of(), error);
    }

    public boolean failed() {
        return probeError != null;
    }
}
