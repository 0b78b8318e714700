package dev.kreboot.executor.host;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.executor.config.ExecutorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRebooterTest {

    @Test
    void runsTheRebootCommandInTheHostMountNamespaceByDefault() {
        ExecutorSettings settings = ExecutorSettings.from(Map.of("kreboot.node-name", "node-a", "kreboot.cluster", "c"));

        assertEquals(List.of("nsenter", "-m/proc/1/ns/mnt", "--", "/bin/systemctl", "reboot"),
                CommandRebooter.from(settings).argv());
    }

    @Test
    void anEmptyPrefixRunsTheCommandDirectly(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("rebooted");

        new CommandRebooter("", "touch " + marker, Duration.ofSeconds(10)).reboot("node-a", "r1");

        assertTrue(Files.exists(marker));
    }

    @Test
    void aNonZeroExitIsAFailureCarryingTheCommandsOutput() {
        IOException e = assertThrows(IOException.class,
                () -> new CommandRebooter("", "ls /kreboot-no-such-dir", Duration.ofSeconds(10)).reboot("node-a", "r1"));

        assertTrue(e.getMessage().contains("exited with"), e.getMessage());
        assertTrue(e.getMessage().contains("kreboot-no-such-dir"), e.getMessage());
    }

    @Test
    void aCommandStillRunningAfterTheWaitCountsAsTheHostGoingDown() {
        assertDoesNotThrow(() -> new CommandRebooter("", "sleep 5", Duration.ofMillis(100)).reboot("node-a", "r1"));
    }
}
