package dev.kreboot.sensor.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the sentinel command once and says how it ended.
 *
 * <ol>
 *   <li>The process is {@code prefix + command} (the prefix is normally
 *       {@code nsenter -m/proc/1/ns/mnt --}, so the command sees the host's files), with the
 *       sensor's environment, stdin closed and stdout and stderr merged.</li>
 *   <li>The output is read on a separate thread, so a chatty command cannot block on a full pipe,
 *       and only its first {@value #OUTPUT_CAP} bytes are kept for the report.</li>
 *   <li>After {@code timeout} the process and every descendant it started are killed: kured waits
 *       forever, which stops its checks for good when a command hangs.</li>
 * </ol>
 */
final class SentinelCommand {
    static final int OUTPUT_CAP = 1024;
    // After a kill, how long to wait for the exit and for the last output: the kill is SIGKILL.
    private static final long REAP_MILLIS = 2_000;
    private static final ExecutorService OUTPUT_READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sentinel-command-output");
        thread.setDaemon(true);
        return thread;
    });

    /** How one run ended; exactly one of the three shapes. */
    sealed interface Outcome {
        /** The command ran to the end. */
        record Exited(int code, String output) implements Outcome {
        }

        /** The command was still running at the timeout and was killed. */
        record TimedOut(Duration timeout, String output) implements Outcome {
        }

        /** The process could not be started at all. */
        record NotStarted(String reason) implements Outcome {
        }
    }

    private final List<String> argv;
    private final Duration timeout;

    SentinelCommand(List<String> prefix, List<String> command, Duration timeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the sentinel command is empty");
        }
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        this.argv = List.copyOf(all);
        this.timeout = timeout;
    }

    List<String> argv() {
        return argv;
    }

    Outcome run() {
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return new Outcome.NotStarted(HostFiles.describe(e));
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the command may already be gone; its exit code tells the rest
        }
        Future<String> output = OUTPUT_READERS.submit(() -> readCapped(process.getInputStream()));
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return new Outcome.Exited(process.exitValue(), collect(output));
            }
            kill(process);
            return new Outcome.TimedOut(timeout, collect(output));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return new Outcome.NotStarted("interrupted while the command ran; killed it");
        }
    }

    private static void kill(Process process) {
        // Snapshot first: once the parent dies its children are re-parented and no longer descendants.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(REAP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String collect(Future<String> output) {
        try {
            return output.get(REAP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            // A grandchild that escaped the kill may still hold the pipe; the report goes without output.
            output.cancel(true);
            return "";
        }
    }

    private static String readCapped(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int room = OUTPUT_CAP - kept.size();
                if (room > 0) {
                    kept.write(buffer, 0, Math.min(room, n));
                }
            }
            return kept.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
