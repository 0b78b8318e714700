package dev.kreboot.executor.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;

/**
 * A command run on the host for a reboot method: the nsenter prefix's words, then the command's.
 * Both reboot methods start it the same way (logged, output and errors merged, no input) and differ
 * only in what a slow or failing command means.
 */
final class HostCommand {
    private final List<String> argv;

    /** @param nsenterPrefix may be null or blank: the command then runs directly */
    HostCommand(String nsenterPrefix, List<String> command) {
        List<String> words = new ArrayList<>(words(nsenterPrefix));
        words.addAll(command);
        this.argv = List.copyOf(words);
    }

    /** The words of a setting such as {@code nsenter -m/proc/1/ns/mnt --}; none when null or blank. */
    static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }

    List<String> argv() {
        return argv;
    }

    Process start(Logger log, String node, String rebootId) throws IOException {
        log.info("rebooting {} for reboot {}: {}", node, rebootId, String.join(" ", argv));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return process;
    }
}
