package dev.kreboot.executor.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBootIdSourceTest {

    @Test
    void readsTheCurrentBootIdOnEveryCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("boot_id");
        Files.writeString(file, "5f1a3c2e-0000-4000-8000-000000000001\n");
        FileBootIdSource source = new FileBootIdSource(file);

        assertEquals("5f1a3c2e-0000-4000-8000-000000000001", source.currentBootId());
        Files.writeString(file, "5f1a3c2e-0000-4000-8000-000000000002\n");
        assertEquals("5f1a3c2e-0000-4000-8000-000000000002", source.currentBootId());
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FileBootIdSource(missing).currentBootId());
        assertTrue(e.getMessage().contains(missing.toString()));
    }

    @Test
    void readsTheRealHostsBootId() {
        Path real = Path.of("/proc/sys/kernel/random/boot_id");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(real));

        assertEquals(36, new FileBootIdSource(real).currentBootId().length());
    }
}
