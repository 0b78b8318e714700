package dev.kreboot.sensor.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kreboot.schemas.SensorMode;
import dev.kreboot.sensor.domain.HostSnapshot;
import dev.kreboot.sensor.testing.HostFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSentinelProbeTest {
    @TempDir
    Path root;
    private HostFolder host;
    private FileSentinelProbe probe;

    @BeforeEach
    void setUp() {
        host = new HostFolder(root).withRunDir();
        probe = new FileSentinelProbe(host.sentinel(), host.packages(), host.bootId(), host.osRelease());
    }

    @Test
    void seesNoRebootWithoutTheSentinel() {
        HostSnapshot snapshot = probe.probe();

        assertFalse(snapshot.failed());
        assertFalse(snapshot.sentinelPresent());
        assertEquals("boot-1", snapshot.bootId());
        assertEquals("6.1.0-28-amd64", snapshot.kernelRelease());
        assertEquals(List.of(), snapshot.packageLines());
    }

    @Test
    void seesARebootWhileTheSentinelExistsAndReadsThePackages() {
        host.createSentinel();
        host.writePackages("linux-image-6.1.0-29-amd64", "libc6");

        HostSnapshot snapshot = probe.probe();

        assertTrue(snapshot.sentinelPresent());
        assertEquals(List.of("linux-image-6.1.0-29-amd64", "libc6"), snapshot.packageLines());
    }

    @Test
    void countsAnEmptySentinelOrASentinelDirectoryAsPresentLikeKured() throws IOException {
        Files.createDirectory(host.sentinel());

        assertTrue(probe.probe().sentinelPresent());
    }

    @Test
    void findsNoSentinelWhenItsDirectoryDoesNotExist() throws IOException {
        Files.delete(host.runDir());

        HostSnapshot snapshot = probe.probe();

        assertFalse(snapshot.failed());
        assertFalse(snapshot.sentinelPresent());
    }

    @Test
    void doesWithoutTheOptionalKernelReleaseFile() throws IOException {
        Files.delete(host.osRelease());

        HostSnapshot snapshot = probe.probe();

        assertFalse(snapshot.failed());
        assertNull(snapshot.kernelRelease());
    }

    @Test
    void failsWhenTheBootIdIsMissingBecauseNoRebootCouldBeVerified() throws IOException {
        Files.delete(host.bootId());

        HostSnapshot snapshot = probe.probe();

        assertTrue(snapshot.failed());
        assertTrue(snapshot.probeError().contains("boot id file " + host.bootId() + " does not exist"),
                snapshot.probeError());
        assertEquals("6.1.0-28-amd64", snapshot.kernelRelease());
    }

    @Test
    void failsWhenTheBootIdIsEmpty() throws IOException {
        Files.writeString(host.bootId(), "\n");

        assertTrue(probe.probe().probeError().contains("is empty"));
    }

    @Test
    void reportsARealReadErrorInsteadOfGuessing() throws IOException {
        // A directory where a file should be fails to read even for root, unlike file permissions.
        host.createSentinel();
        Files.createDirectory(host.packages());

        HostSnapshot snapshot = probe.probe();

        assertTrue(snapshot.failed());
        assertFalse(snapshot.sentinelPresent());
        assertTrue(snapshot.probeError().startsWith("cannot read packages file " + host.packages()),
                snapshot.probeError());
        assertEquals("boot-1", snapshot.bootId());
    }

    @Test
    void reportsASentinelThatCannotBeCheckedAsAnErrorNotAsAbsent() throws IOException {
        assumeTrue(!"root".equals(System.getProperty("user.name")),
                "root ignores permissions; NodeSensorTest covers this through the probe port");
        host.createSentinel();
        Files.setPosixFilePermissions(host.runDir(), PosixFilePermissions.fromString("---------"));
        try {
            HostSnapshot snapshot = probe.probe();

            assertTrue(snapshot.failed());
            assertTrue(snapshot.probeError().startsWith("cannot check sentinel"), snapshot.probeError());
        } finally {
            Files.setPosixFilePermissions(host.runDir(), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void asksToWatchAllFourFilesInFileMode() {
        assertEquals(SensorMode.FILE, probe.mode());
        assertEquals(Set.of(host.sentinel(), host.packages(), host.bootId(), host.osRelease()), probe.watchedFiles());
    }
}
