package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.ActivityKind;
import dev.kreboot.executor.domain.Command;
import dev.kreboot.executor.domain.ExecutorReason;
import dev.kreboot.executor.domain.NodeChanges;
import dev.kreboot.executor.domain.NodeFacts;
import dev.kreboot.schemas.ProgressPhase;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reboots the host: record the command on the Node, report REBOOTING, and only once that report is
 * stored ask the host to reboot (a real reboot ends this process, so nothing after it is certain).
 * The executor does not wait for the host here: the next process (or {@code resume()}) sees the
 * new boot id.
 */
final class RebootActivity implements Activity {
    private final Command command;
    private final Tools t;
    private boolean announced;

    RebootActivity(Command command, Tools tools) {
        this.command = command;
        this.t = tools;
    }

    @Override
    public ActivityKind kind() {
        return ActivityKind.REBOOTING;
    }

    @Override
    public Command command() {
        return command;
    }

    @Override
    public Optional<Duration> step() {
        if (!announced) {
            Optional<NodeFacts> node = t.cluster().node(t.node());
            node.ifPresent(n -> t.cluster().apply(t.node(), NodeChanges.recordSeq(n, command.seq())));
            t.outbox().emit(t.reports().of(command, ProgressPhase.REBOOTING).build());
            announced = true;
        }
        if (!t.outbox().isEmpty()) {
            return Activity.again(t.settings().evictionRetryInterval());
        }
        Timer.Sample sample = Timer.start(t.metrics());
        try {
            t.rebooter().reboot(t.node(), command.rebootId());
            sample.stop(t.metrics().timer(ExecutorMetrics.REBOOT_REQUEST, "outcome", "requested"));
            t.rebootIssued().accept(command.rebootId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sample.stop(t.metrics().timer(ExecutorMetrics.REBOOT_REQUEST, "outcome", "failed"));
        } catch (Exception e) {
            sample.stop(t.metrics().timer(ExecutorMetrics.REBOOT_REQUEST, "outcome", "failed"));
            t.outbox().emit(t.reports().of(command, ProgressPhase.FAILED)
                    .setReasons(Reports.reasons(List.of(ExecutorReason.REBOOT_FAILED.because(e.getMessage())))).build());
        }
        return Activity.finished();
    }
}
