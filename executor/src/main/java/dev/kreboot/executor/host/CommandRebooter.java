package dev.kreboot.executor.host;

import dev.kreboot.executor.app.Rebooter;
import dev.kreboot.executor.config.ExecutorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kured's command reboot method: runs the reboot command (default {@code /bin/systemctl reboot})
 * in the host's mount namespace through the nsenter prefix (default
 * {@code nsenter -m/proc/1/ns/mnt --}; empty runs the command directly). A non-zero exit is a
 * failure. A command still running after the wait is taken as the host going down: the call
 * returns and the process is left to the shutdown.
 */
public final class CommandRebooter implements Rebooter {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRebooter.class);
    private static final int MAX_OUTPUT = 4096;

    private final HostCommand command;
    private final Duration wait;

    public CommandRebooter(String nsenterPrefix, String rebootCommand, Duration wait) {
        List<String> words = HostCommand.words(rebootCommand);
        if (words.isEmpty()) {
            throw new IllegalArgumentException(ExecutorSettings.REBOOT_COMMAND + " must not be blank");
        }
        this.command = new HostCommand(nsenterPrefix, words);
        this.wait = wait;
    }

    public static CommandRebooter from(ExecutorSettings settings) {
        return new CommandRebooter(settings.nsenterPrefix(), settings.rebootCommand(), Duration.ofSeconds(60));
    }

    public List<String> argv() {
        return command.argv();
    }

    @Override
    public void reboot(String node, String rebootId) throws IOException, InterruptedException {
        Process process = command.start(LOG, node, rebootId);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("reboot command still running after {}; taking it as the host going down", wait);
            return;
        }
        int exit = process.exitValue();
        String text = outputOf(output);
        if (exit != 0) {
            throw new IOException("reboot command " + command.argv() + " exited with " + exit + (text.isEmpty() ? "" : ": " + text));
        }
    }

    private static String read(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String outputOf(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(5, TimeUnit.SECONDS).strip();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "";
        }
    }
}
