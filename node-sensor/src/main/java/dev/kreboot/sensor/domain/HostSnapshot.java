package dev.kreboot.sensor.domain;

import java.util.List;
import java.util.Objects;

/**
 * One look at the host. When {@code probeError} is set the look failed and {@code sentinelPresent}
 * means nothing; {@code bootId} and {@code kernelRelease} carry whatever was read before the failure
 * (possibly null), and {@code errorKind} says which kind of failure it was.
 *
 * @param packageLines the raw lines of the packages file, empty when it does not exist
 */
public record HostSnapshot(boolean sentinelPresent, String bootId, String kernelRelease,
                           List<String> packageLines, String probeError, ProbeErrorKind errorKind) {

    public HostSnapshot {
        packageLines = packageLines == null ? List.of() : List.copyOf(packageLines);
        if (probeError == null) {
            Objects.requireNonNull(bootId, "bootId of a successful probe");
            errorKind = null;
        } else {
            errorKind = Objects.requireNonNullElse(errorKind, ProbeErrorKind.HOST_READ);
        }
    }

    /** A successful look at the host. */
    public static HostSnapshot read(boolean sentinelPresent, String bootId, String kernelRelease,
                                    List<String> packageLines) {
        return new HostSnapshot(sentinelPresent, bootId, kernelRelease, packageLines, null, null);
    }

    /** A host file could not be read: {@code error} says which and why. */
    public static HostSnapshot unreadable(String error, String bootId, String kernelRelease) {
        return failed(ProbeErrorKind.HOST_READ, error, bootId, kernelRelease);
    }

    /** A failed look of the given kind: {@code error} says what went wrong. */
    public static HostSnapshot failed(ProbeErrorKind kind, String error, String bootId, String kernelRelease) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(error, "error");
        return new HostSnapshot(false, bootId, kernelRelease, List.of(), error, kind);
    }

    public boolean failed() {
        return probeError != null;
    }
}
