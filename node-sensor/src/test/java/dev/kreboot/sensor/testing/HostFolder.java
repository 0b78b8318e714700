package dev.kreboot.sensor.testing;

import dev.kreboot.sensor.config.SensorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A node's host as a folder: {@code run/} holds the sentinel and packages file, {@code proc/} the
 * boot id and kernel release, as the sandbox lays them out.
 */
public final class HostFolder {
    private final Path root;

    public HostFolder(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("proc"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeBootId("boot-1");
        write(osRelease(), "6.1.0-28-amd64\n");
    }

    public Path root() {
        return root;
    }

    public Path runDir() {
        return root.resolve("run");
    }

    public Path sentinel() {
        return runDir().resolve("reboot-required");
    }

    public Path packages() {
        return runDir().resolve("reboot-required.pkgs");
    }

    public Path bootId() {
        return root.resolve("proc").resolve("boot_id");
    }

    public Path osRelease() {
        return root.resolve("proc").resolve("osrelease");
    }

    public HostFolder withRunDir() {
        try {
            Files.createDirectories(runDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public void createSentinel() {
        write(sentinel(), "*** System restart required ***\n");
    }

    public void deleteSentinel() {
        try {
            Files.delete(sentinel());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writePackages(String... names) {
        write(packages(), String.join("\n", names) + "\n");
    }

    public void writeBootId(String bootId) {
        write(bootId(), bootId + "\n");
    }

    /** Settings for this host with the given extra properties (for example a period). */
    public Map<String, String> properties(String node, String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put(SensorSettings.NODE_NAME, node);
        props.put(SensorSettings.CLUSTER, "test-cluster");
        props.put(SensorSettings.INSTANCE, "sensor-" + node);
        props.put(SensorSettings.SENTINEL, sentinel().toString());
        props.put(SensorSettings.PACKAGES_FILE, packages().toString());
        props.put(SensorSettings.BOOT_ID_FILE, bootId().toString());
        props.put(SensorSettings.OS_RELEASE_FILE, osRelease().toString());
        for (int i = 0; i + 1 < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return props;
    }

    public SensorSettings settings(String node, String... extra) {
        return SensorSettings.from(properties(node, extra), Map.of());
    }

    private static void write(Path path, String content) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
