package dev.kreboot.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node's host as the sensor and executor see it: a folder holding the sentinel
 * ({@code reboot-required}), the package list, the boot id and the kernel release. A reboot writes
 * a new boot id and clears the sentinel, as a real boot does with {@code /var/run}.
 */
final class SimulatedHost {
    private final String node;
    private final Path root;
    private final AtomicInteger reboots = new AtomicInteger();
    private volatile long sentinelWrittenAtMs = -1;

    SimulatedHost(String node, Path root) {
        this.node = node;
        this.root = root;
        try {
            Files.createDirectories(root.resolve("run"));
            Files.createDirectories(root.resolve("proc"));
            Files.writeString(bootIdFile(), UUID.randomUUID() + "\n");
            Files.writeString(osReleaseFile(), "6.8.0-1015-azure\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String node() {
        return node;
    }

    Path sentinel() {
        return root.resolve("run/reboot-required");
    }

    Path packagesFile() {
        return root.resolve("run/reboot-required.pkgs");
    }

    Path bootIdFile() {
        return root.resolve("proc/boot_id");
    }

    Path osReleaseFile() {
        return root.resolve("proc/osrelease");
    }

    /** What unattended-upgrades does after installing a kernel. */
    void requireReboot() {
        try {
            Files.writeString(packagesFile(), "linux-image-6.8.0-1016-azure\nlinux-base\n");
            sentinelWrittenAtMs = System.currentTimeMillis();
            Files.writeString(sentinel(), "*** System restart required ***\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long sentinelWrittenAtMs() {
        return sentinelWrittenAtMs;
    }

    String bootId() {
        try {
            return Files.readString(bootIdFile()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host comes up again: new boot id, a fresh /var/run. */
    void boot() {
        try {
            reboots.incrementAndGet();
            Files.deleteIfExists(sentinel());
            Files.deleteIfExists(packagesFile());
            Files.writeString(bootIdFile(), UUID.randomUUID() + "\n");
            Files.writeString(osReleaseFile(), "6.8.0-1016-azure\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int reboots() {
        return reboots.get();
    }
}
