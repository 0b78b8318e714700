package dev.kreboot.sensor.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the node facts every probe reports, whatever decides the sentinel: boot id (required,
 * because without it nobody can tell that a reboot happened), kernel release and packages file
 * (optional: not every distribution writes them). A file that exists but cannot be read is a
 * {@link ReadFailure}, never an empty answer.
 */
final class HostFiles {
    private final Path packagesFile;
    private final Path bootIdFile;
    private final Path osReleaseFile;

    HostFiles(Path packagesFile, Path bootIdFile, Path osReleaseFile) {
        this.packagesFile = packagesFile;
        this.bootIdFile = bootIdFile;
        this.osReleaseFile = osReleaseFile;
    }

    Path packagesFile() {
        return packagesFile;
    }

    Path bootIdFile() {
        return bootIdFile;
    }

    Path osReleaseFile() {
        return osReleaseFile;
    }

    String kernelRelease() {
        return readOptionalLines(osReleaseFile, "kernel release file").stream().map(String::strip)
                .filter(line -> !line.isEmpty()).findFirst().orElse(null);
    }

    String bootId() {
        String bootId;
        try {
            bootId = Files.readString(bootIdFile, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new ReadFailure("boot id file " + bootIdFile + " does not exist");
        } catch (IOException | SecurityException e) {
            throw new ReadFailure("cannot read boot id file " + bootIdFile + ": " + describe(e));
        }
        if (bootId.isEmpty()) {
            throw new ReadFailure("boot id file " + bootIdFile + " is empty");
        }
        return bootId;
    }

    List<String> packageLines() {
        return readOptionalLines(packagesFile, "packages file");
    }

    static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " (" + e.getMessage() + ")";
    }

    private static List<String> readOptionalLines(Path path, String what) {
        try {
            // Decoding replaces malformed bytes instead of failing: a stray byte must not hide a reboot.
            return new String(Files.readAllBytes(path), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | SecurityException e) {
            throw new ReadFailure("cannot read " + what + " " + path + ": " + describe(e));
        }
    }

    /** Carries the first failure out of a chain of reads; never leaves this package. */
    static final class ReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadFailure(String message) {
            super(message, null, false, false);
        }
    }
}
