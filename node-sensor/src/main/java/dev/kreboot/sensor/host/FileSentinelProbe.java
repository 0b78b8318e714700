package dev.kreboot.sensor.host;

import dev.kreboot.schemas.SensorMode;
import dev.kreboot.sensor.app.SentinelProbe;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.domain.HostSnapshot;
import java.io.IOException;
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
 * id or a packages file that exists but cannot be read ({@link HostFiles}).
 */
public final class FileSentinelProbe implements SentinelProbe {

    private final Path sentinel;
    private final HostFiles files;

    public FileSentinelProbe(Path sentinel, Path packagesFile, Path bootIdFile, Path osReleaseFile) {
        this.sentinel = sentinel;
        this.files = new HostFiles(packagesFile, bootIdFile, osReleaseFile);
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
            kernel = files.kernelRelease();
            bootId = files.bootId();
            boolean present = exists(sentinel);
            List<String> packages = files.packageLines();
            return HostSnapshot.read(present, bootId, kernel, packages);
        } catch (HostFiles.ReadFailure e) {
            return HostSnapshot.unreadable(e.getMessage(), bootId, kernel);
        }
    }

    @Override
    public SensorMode mode() {
        return SensorMode.FILE;
    }

    @Override
    public Set<Path> watchedFiles() {
        return Set.of(sentinel, files.packagesFile(), files.bootIdFile(), files.osReleaseFile());
    }

    private static boolean exists(Path path) {
        try {
            Files.readAttributes(path, BasicFileAttributes.class);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | SecurityException e) {
            throw new HostFiles.ReadFailure("cannot check sentinel " + path + ": " + HostFiles.describe(e));
        }
    }
}
