package dev.kreboot.sensor.host;

import static dev.kreboot.sensor.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.SensorMode;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.domain.HostSnapshot;
import dev.kreboot.sensor.domain.ProbeErrorKind;
import dev.kreboot.sensor.testing.HostFolder;
import dev.kreboot.sensor.testing.Scripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandSentinelProbeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path root;

    private HostFolder host() {
        return new HostFolder(root.resolve("host")).withRunDir();
    }

    private CommandSentinelProbe probe(HostFolder host, List<String> prefix, String timeout, String... command) {
        return new CommandSentinelProbe(prefix, List.of(command), Duration.parse(timeout), host.packages(),
                host.bootId(), host.osRelease());
    }

    private CommandSentinelProbe probe(HostFolder host, String... command) {
        return probe(host, List.of(), "PT10S", command);
    }

    @Test
    void reportsARebootRequiredWhenTheCommandExitsWithZero() {
        HostFolder host = host();
        host.writePackages("linux-image-6.1.0-29-amd64");

        HostSnapshot snapshot = probe(host, Scripts.exiting(root, 0).toString()).probe();

        assertTrue(snapshot.sentinelPresent());
        assertNull(snapshot.probeError());
        assertEquals("boot-1", snapshot.bootId());
        assertEquals("6.1.0-28-amd64", snapshot.kernelRelease());
        assertEquals(List.of("linux-image-6.1.0-29-amd64"), snapshot.packageLines());
    }

    @Test
    void reportsNoRebootRequiredWhenTheCommandExitsWithOne() {
        HostSnapshot snapshot = probe(host(), Scripts.exiting(root, 1).toString()).probe();

        assertFalse(snapshot.sentinelPresent());
        assertNull(snapshot.probeError());
    }

    @Test
    void treatsAnyOtherExitCodeAsAnErrorThatDoesNotRequireAReboot() {
        HostSnapshot snapshot = probe(host(), Scripts.exiting(root, 2).toString()).probe();

        assertFalse(snapshot.sentinelPresent());
        assertEquals(ProbeErrorKind.COMMAND_EXIT_CODE, snapshot.errorKind());
        assertTrue(snapshot.probeError().contains("exited with 2"), snapshot.probeError());
        assertTrue(snapshot.probeError().contains("sentinel check says 2"), snapshot.probeError());
        assertEquals("boot-1", snapshot.bootId());
    }

    @Test
    void killsACommandAndEverythingItStartedAtTheTimeout() throws IOException {
        Path pids = root.resolve("pids");
        Path hanging = Scripts.script(root, "hang.sh",
                "echo $$ > " + pids + ".parent\nsleep 60 &\necho $! > " + pids + ".child\nwait");

        HostSnapshot snapshot = probe(host(), List.of(), "PT0.5S", hanging.toString()).probe();

        assertEquals(ProbeErrorKind.COMMAND_TIMEOUT, snapshot.errorKind());
        assertTrue(snapshot.probeError().contains("killed"), snapshot.probeError());
        assertFalse(snapshot.sentinelPresent());
        for (String which : List.of(".parent", ".child")) {
            long pid = Long.parseLong(Files.readString(Path.of(pids + which)).strip());
            await(DEADLINE, () -> ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true),
                    () -> "process " + pid + " (" + which + ") gone");
        }
    }

    @Test
    void reportsACommandThatCannotBeStarted() {
        HostSnapshot snapshot = probe(host(), root.resolve("no-such-command").toString()).probe();

        assertEquals(ProbeErrorKind.COMMAND_START, snapshot.errorKind());
        assertTrue(snapshot.probeError().contains("cannot start sentinel command"), snapshot.probeError());
        assertFalse(snapshot.sentinelPresent());
    }

    @Test
    void reportsNotFoundBehindThePrefixAsACommandThatCannotStart() {
        // What nsenter does with a missing command: exit code 127.
        List<String> execPrefix = List.of("/bin/sh", "-c", "exec \"$0\" \"$@\"");

        HostSnapshot snapshot = probe(host(), execPrefix, "PT10S", root.resolve("missing").toString()).probe();

        assertEquals(ProbeErrorKind.COMMAND_START, snapshot.errorKind());
        assertTrue(snapshot.probeError().contains("exited with 127 (command not found)"), snapshot.probeError());
    }

    @Test
    void runsTheCommandBehindThePrefix() {
        Path check = Scripts.script(root, "check.sh", "[ \"$PREFIXED\" = yes ] && exit 0 || exit 1");

        CommandSentinelProbe probe = probe(host(), List.of("env", "PREFIXED=yes"), "PT10S", check.toString());

        assertEquals(List.of("env", "PREFIXED=yes", check.toString()), probe.argv());
        assertTrue(probe.probe().sentinelPresent());
    }

    @Test
    void survivesACommandThatWritesMoreThanThePipeHolds() {
        Path chatty = Scripts.script(root, "chatty.sh", "yes x | head -c 1000000\nexit 3");

        HostSnapshot snapshot = probe(host(), chatty.toString()).probe();

        assertEquals(ProbeErrorKind.COMMAND_EXIT_CODE, snapshot.errorKind());
        assertTrue(snapshot.probeError().length() < SentinelCommand.OUTPUT_CAP + 300, "output capped");
    }

    @Test
    void doesNotRunTheCommandWithoutABootId() throws IOException {
        HostFolder host = host();
        Files.delete(host.bootId());
        Path ran = root.resolve("ran");
        Path command = Scripts.script(root, "touch.sh", "touch " + ran + "\nexit 0");

        HostSnapshot snapshot = probe(host, command.toString()).probe();

        assertEquals(ProbeErrorKind.HOST_READ, snapshot.errorKind());
        assertFalse(Files.exists(ran));
    }

    @Test
    void isBuiltFromTheSettingsAndWatchesNothing() {
        HostFolder host = host();
        SensorSettings settings = host.settings("worker-1", SensorSettings.COMMAND, "test -e '/var/run/my sentinel'",
                SensorSettings.COMMAND_TIMEOUT, "5s");

        CommandSentinelProbe probe = (CommandSentinelProbe) SentinelProbes.of(settings);

        assertEquals(List.of("nsenter", "-m/proc/1/ns/mnt", "--", "test", "-e", "/var/run/my sentinel"), probe.argv());
        assertEquals(SensorMode.COMMAND, probe.mode());
        assertEquals(Set.of(), probe.watchedFiles());
    }
}
