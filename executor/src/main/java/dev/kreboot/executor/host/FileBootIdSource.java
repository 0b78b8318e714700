package dev.kreboot.executor.host;

import dev.kreboot.executor.app.BootIdSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the boot id from {@code /proc/sys/kernel/random/boot_id} (or the configured file) on every call. */
public final class FileBootIdSource implements BootIdSource {
    private final Path file;

    public FileBootIdSource(Path file) {
        this.file = file;
    }

    @Override
    public String currentBootId() {
        try {
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (id.isEmpty()) {
                throw new IllegalStateException("boot id file " + file + " is empty");
            }
            return id;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the boot id from " + file + ": " + e, e);
        }
    }
}
