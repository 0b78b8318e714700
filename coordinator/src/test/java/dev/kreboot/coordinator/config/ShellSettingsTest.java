package dev.kreboot.coordinator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellSettingsTest {

    @Test
    void defaultsToOneReplicaAReadOnlyApiAndAFailoverUnderFifteenSeconds() {
        ShellSettings s = ShellSettings.from(Map.of());
        assertFalse(s.leaderElection());
        assertEquals("kreboot-coordinator", s.leaseName());
        assertTrue(s.leaseDuration().plus(s.retryPeriod()).compareTo(Duration.ofSeconds(15)) < 0);
        assertEquals("", s.apiToken());
        assertFalse(s.protectReads());
        assertFalse(s.toString().contains("token=s"), s.toString());
    }

    @Test
    void readsTheTokenFromAFileAndMasksIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        ShellSettings s = ShellSettings.from(Map.of(ShellSettings.API_TOKEN, "inline",
                ShellSettings.API_TOKEN_FILE, file.toString()));
        assertEquals("from-file", s.apiToken());
        assertFalse(s.toString().contains("from-file"));
    }

    @Test
    void rejectsBadValuesNamingTheKey(@TempDir Path dir) {
        assertKey(ShellSettings.LEADER_ELECTION, Map.of(ShellSettings.LEADER_ELECTION, "yes"));
        assertKey(ShellSettings.LEASE_DURATION, Map.of(ShellSettings.LEASE_DURATION, "soon"));
        assertKey(ShellSettings.LEASE_DURATION, Map.of(ShellSettings.LEASE_DURATION, "5s"));
        assertKey(ShellSettings.API_TOKEN_FILE, Map.of(ShellSettings.API_TOKEN_FILE, dir.resolve("none").toString()));
        assertKey(ShellSettings.PROTECT_READS, Map.of(ShellSettings.PROTECT_READS, "1"));
    }

    private static void assertKey(String key, Map<String, String> given) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellSettings.from(given));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
