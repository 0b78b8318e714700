package dev.kreboot.executor.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.executor.config.ExecutorSettings;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalRebooterTest {

    @Test
    void sendsTheConfiguredSignalToTheTargetProcess() throws Exception {
        Process target = new ProcessBuilder("sleep", "60").start();
        try {
            new SignalRebooter("", 39, target.pid()).reboot("node-a", "r1");

            assertTrue(target.waitFor(20, TimeUnit.SECONDS), "the target got the signal");
            assertEquals(128 + 39, target.exitValue(), "terminated by signal 39 (SIGRTMIN+5)");
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void productionTargetsHostPid1ThroughTheNsenterPrefixWithKuredsSignal() {
        ExecutorSettings settings = ExecutorSettings.from(Map.of("kreboot.node-name", "node-a", "kreboot.cluster", "prod",
                "kreboot.executor.reboot-method", "signal"));

        SignalRebooter rebooter = assertInstanceOf(SignalRebooter.class, Rebooters.from(settings));

        assertEquals(List.of("nsenter", "-m/proc/1/ns/mnt", "--", "kill", "-39", "1"), rebooter.argv());
    }

    @Test
    void theCommandMethodStaysTheDefault() {
        ExecutorSettings settings = ExecutorSettings.from(Map.of("kreboot.node-name", "node-a", "kreboot.cluster", "prod"));

        assertInstanceOf(CommandRebooter.class, Rebooters.from(settings));
    }

    @Test
    void aSignalThatCannotBeSentIsAFailure() {
        IOException failure = assertThrows(IOException.class,
                () -> new SignalRebooter("", 39, Integer.MAX_VALUE - 7).reboot("node-a", "r1"));

        assertTrue(failure.getMessage().contains("exited with"), failure.getMessage());
    }
}
