package dev.kreboot.sensor.host;

import dev.kreboot.schemas.SensorMode;
import dev.kreboot.sensor.app.SentinelProbe;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.domain.HostSnapshot;
import dev.kreboot.sensor.domain.ProbeErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Command mode, as kured's {@code --reboot-sentinel-command}: the command decides whether the node
 * needs a reboot; the node facts (boot id, kernel release, packages) come from the same files as in
 * file mode ({@link HostFiles}).
 *
 * <ol>
 *   <li>Exit code 0: a reboot is required. Exit code 1: it is not.</li>
 *   <li>Any other exit code is a probe error of kind {@link ProbeErrorKind#COMMAND_EXIT_CODE}, and
 *       therefore not required: a broken command must never reboot a node, let alone every node
 *       over and over (kured's reasoning, kept). 126 and 127 are the shell's (and nsenter's) "cannot
 *       execute" and "not found", reported as {@link ProbeErrorKind#COMMAND_START}.</li>
 *   <li>A command still running at the timeout is killed with everything it started
 *       ({@link ProbeErrorKind#COMMAND_TIMEOUT}); one that cannot be started at all is
 *       {@link ProbeErrorKind#COMMAND_START}. Both are reported and tried again on the next resync;
 *       nothing here throws, so a bad command cannot crash-loop the pod.</li>
 * </ol>
 *
 * <p>Nothing can be watched in the host's mount namespace from here, so the sensor polls this probe
 * on its resync period ({@link #watchedFiles()} is empty).
 */
public final class CommandSentinelProbe implements SentinelProbe {
    static final int EXIT_REQUIRED = 0;
    static final int EXIT_NOT_REQUIRED = 1;
    static final int EXIT_CANNOT_EXECUTE = 126;
    static final int EXIT_NOT_FOUND = 127;

    private final SentinelCommand command;
    private final String shown;
    private final HostFiles files;

    public CommandSentinelProbe(List<String> prefix, List<String> command, Duration timeout, Path packagesFile,
                                Path bootIdFile, Path osReleaseFile) {
        this.command = new SentinelCommand(prefix, command, timeout);
        this.shown = String.join(" ", command);
        this.files = new HostFiles(packagesFile, bootIdFile, osReleaseFile);
    }

    /** Command mode on the settings' command, prefix, timeout and host files. */
    public static CommandSentinelProbe of(SensorSettings settings) {
        return new CommandSentinelProbe(settings.commandPrefix(), settings.sentinelCommand(),
                settings.commandTimeout(), settings.packagesFile(), settings.bootIdFile(), settings.osReleaseFile());
    }

    /** The full command line run on every look, prefix included. */
    public List<String> argv() {
        return command.argv();
    }

    @Override
    public HostSnapshot probe() {
        String kernel = null;
        String bootId = null;
        try {
            kernel = files.kernelRelease();
            bootId = files.bootId();
        } catch (HostFiles.ReadFailure e) {
            return HostSnapshot.unreadable(e.getMessage(), bootId, kernel);
        }
        SentinelCommand.Outcome outcome = command.run();
        if (outcome instanceof SentinelCommand.Outcome.Exited exited) {
            return afterExit(exited, bootId, kernel);
        }
        if (outcome instanceof SentinelCommand.Outcome.TimedOut timedOut) {
            return HostSnapshot.failed(ProbeErrorKind.COMMAND_TIMEOUT, "sentinel command `" + shown
                    + "` still running after " + timedOut.timeout() + "; killed it" + output(timedOut.output()),
                    bootId, kernel);
        }
        SentinelCommand.Outcome.NotStarted notStarted = (SentinelCommand.Outcome.NotStarted) outcome;
        return HostSnapshot.failed(ProbeErrorKind.COMMAND_START, "cannot start sentinel command `"
                + String.join(" ", command.argv()) + "`: " + notStarted.reason(), bootId, kernel);
    }

    @Override
    public SensorMode mode() {
        return SensorMode.COMMAND;
    }

    private HostSnapshot afterExit(SentinelCommand.Outcome.Exited exited, String bootId, String kernel) {
        int code = exited.code();
        if (code == EXIT_REQUIRED || code == EXIT_NOT_REQUIRED) {
            try {
                return HostSnapshot.read(code == EXIT_REQUIRED, bootId, kernel, files.packageLines());
            } catch (HostFiles.ReadFailure e) {
                return HostSnapshot.unreadable(e.getMessage(), bootId, kernel);
            }
        }
        if (code == EXIT_CANNOT_EXECUTE || code == EXIT_NOT_FOUND) {
            return HostSnapshot.failed(ProbeErrorKind.COMMAND_START, "sentinel command `"
                    + String.join(" ", command.argv()) + "` exited with " + code
                    + (code == EXIT_NOT_FOUND ? " (command not found)" : " (cannot execute)")
                    + output(exited.output()), bootId, kernel);
        }
        return HostSnapshot.failed(ProbeErrorKind.COMMAND_EXIT_CODE, "sentinel command `" + shown
                + "` exited with " + code + " (expected 0 = reboot required or 1 = not required); "
                + "treating the node as not requiring a reboot" + output(exited.output()), bootId, kernel);
    }

    private static String output(String output) {
        return output.isEmpty() ? "" : "; output: " + output;
    }
}
