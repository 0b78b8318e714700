package dev.kreboot.sensor.host;

import dev.kreboot.schemas.SensorMode;
import dev.kreboot.sensor.app.SentinelProbe;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.domain.HostSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * File mode, as kured's {@code --reboot-sentinel}: a reboot is required while the sentinel path
 * exists (any file type; links are followed). Reads only, so the host's {@code /var/run} can be
 * mounted read-only.
 *
 * <p>Unlike {@link Files#exists}, which answers false when existence cannot be determined, a
 * sentinel that cannot be checked (for example permission denied on its directory) is a probe
 * error, so the node is reported as unreadable rather than as healthy. The same holds for a boot
 * id or a packages file that exists but cannot be read. A missing packages or kernel-release file
 * is normal (not every distribution writes them); a missing boot id is an error, because without
 * it nobody can tell that a reboot happened.
 */
public final class FileSentinelProbe implements SentinelProbe {

    private final Path sentinel;
    private final Path packagesFile;
    private final Path bootIdFile;
    private final Path osReleaseFile;

    public FileSentinelProbe(Path sentinel, Path packagesFile, Path bootIdFile, Path osReleaseFile) {
        this.sentinel = sentinel;
        this.packagesFile = packagesFile;
        this.bootIdFile = bootIdFile;
        this.osReleaseFile = osReleaseFile;
    }

    public static FileSentinelProbe of(SensorSettings settings) {
        return new FileSentinelProbe(settings.sentinel(), settings.packagesFile(), settings.bootIdFile(),
                settings.osReleaseFile());
    }

    @Override
    public HostSnapshot probe() {
        String kernel = null;
        String bootId = null;
        try {
            kernel = readOptionalLine(osReleaseFile, "kernel release file");
            bootId = readBootId();
            boolean present = exists(sentinel);
            List<String> packages = readOptionalLines(packagesFile);
            return HostSnapshot.read(present, bootId, kernel, packages);
        } catch (ProbeFailure e) {
            return HostSnapshot.unreadable(e.getMessage(), bootId, kernel);
        }
    }

    @Override
    public SensorMode mode() {
        return SensorMode.FILE;
    }

    @Override
    public Set<Path> watchedFiles() {
        return Set.of(sentinel, packagesFile, bootIdFile, osReleaseFile);
    }

    private static boolean exists(Path path) {
        try {
            Files.readAttributes(path, BasicFileAttributes.class);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | SecurityException e) {
            throw new ProbeFailure("cannot check sentinel " + path + ": " + describe(e));
        }
    }

    private String readBootId() {
        String bootId;
        try {
            bootId = Files.readString(bootIdFile, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new ProbeFailure("boot id file " + bootIdFile + " does not exist");
        } catch (IOException | SecurityException e) {
            throw new ProbeFailure("cannot read boot id file " + bootIdFile + ": " + describe(e));
        }
        if (bootId.isEmpty()) {
            throw new ProbeFailure("boot id file " + bootIdFile + " is empty");
        }
        return bootId;
    }

    private static String readOptionalLine(Path path, String what) {
        List<String> lines = readOptionalLines(path, what);
        return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(null);
    }

    private static List<String> readOptionalLines(Path path) {
        return readOptionalLines(path, "packages file");
    }

    private static List<String> readOptionalLines(Path path, String what) {
        try {
            // Decoding replaces malformed bytes instead of failing: a stray byte must not hide a reboot.
            return new String(Files.readAllBytes(path), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | SecurityException e) {
            throw new ProbeFailure("cannot read " + what + " " + path + ": " + describe(e));
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " (" + e.getMessage() + ")";
    }

    /** Carries the first failure out of the chain of reads; never leaves this class. */
    private static final class ProbeFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProbeFailure(String message) {
            super(message, null, false, false);
        }
    }
}
