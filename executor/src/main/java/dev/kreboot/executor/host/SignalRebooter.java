package dev.kreboot.executor.host;

import dev.kreboot.executor.app.Rebooter;
import dev.kreboot.executor.config.ExecutorSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kured's signal reboot method: sends the reboot signal (default 39, SIGRTMIN+5, which systemd
 * answers with an orderly reboot) to the host's PID 1. The pod needs {@code hostPID: true}, as
 * kured's does. Java 17 cannot send an arbitrary signal itself, so {@code kill -<signal> <pid>} runs
 * through the nsenter prefix (the host's {@code kill}, so the image needs only nsenter); a non-zero
 * exit is a failure.
 */
public final class SignalRebooter implements Rebooter {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRebooter.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HostCommand command;

    /** @param pid 1 in production; a test points it at a process of its own */
    public SignalRebooter(String nsenterPrefix, int signal, long pid) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException(ExecutorSettings.REBOOT_SIGNAL + " must be from 1 to 64, got: " + signal);
        }
        this.command = new HostCommand(nsenterPrefix, List.of("kill", "-" + signal, Long.toString(pid)));
    }

    public static SignalRebooter from(ExecutorSettings settings) {
        return new SignalRebooter(settings.nsenterPrefix(), settings.rebootSignal(), 1);
    }

    public List<String> argv() {
        return command.argv();
    }

    @Override
    public void reboot(String node, String rebootId) throws IOException, InterruptedException {
        Process process = command.start(LOG, node, rebootId);
        if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("signal command " + command.argv() + " did not finish within " + WAIT);
        }
        if (process.exitValue() != 0) {
            String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            throw new IOException("signal command " + command.argv() + " exited with " + process.exitValue()
                    + (output.isEmpty() ? "" : ": " + output));
        }
    }
}
