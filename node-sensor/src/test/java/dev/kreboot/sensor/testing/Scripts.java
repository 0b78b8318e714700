package dev.kreboot.sensor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Small shell scripts standing in for a sentinel command. */
public final class Scripts {
    private Scripts() {
    }

    /** Writes an executable {@code /bin/sh} script with the given body and returns its path. */
    public static Path script(Path dir, String name, String body) {
        Path path = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(path, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    /** A script that exits with {@code code} after saying so. */
    public static Path exiting(Path dir, int code) {
        return script(dir, "exit-" + code + ".sh", "echo \"sentinel check says " + code + "\"\nexit " + code);
    }
}
