package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.ActivityKind;
import dev.kreboot.executor.domain.Command;
import dev.kreboot.executor.domain.ExecutorReason;
import dev.kreboot.executor.domain.Finding;
import dev.kreboot.executor.domain.NodeChange;
import dev.kreboot.executor.domain.NodeChanges;
import dev.kreboot.executor.domain.NodeKeys;
import dev.kreboot.executor.domain.NodeFacts;
import dev.kreboot.schemas.ProgressPhase;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reboots the host.
 * <ol>
 *   <li>Reboot delay (kured's {@code reboot-delay}), then check the command is still valid: an
 *       expired one is refused (COMMAND_REJECTED) and the host is left alone.</li>
 *   <li>Record the command on the Node, report REBOOTING, and only once that report is stored mark
 *       the Node {@code reboot-requested-for}/{@code -at} and ask the host to reboot through the
 *       {@link Rebooter} (a real reboot ends this process, so nothing after it is certain). A
 *       request that fails is reported FAILED (REBOOT_FAILED) and the request marks go.</li>
 *   <li>Watch the boot id. A new one means the host went down and came back while this process
 *       lived (the sandbox): queue a resume, which verifies and restores the node. Still the old
 *       one after the reboot timeout: mark the Node {@code reboot-timed-out} (no later process asks
 *       again) and report FAILED (REBOOT_TIMEOUT); the node stays cordoned for an operator.</li>
 * </ol>
 * A process that starts after the request (the Node carries the request marks, the boot id is
 * unchanged) begins at the watch, with the deadline counted from the recorded request time: it
 * never asks the host a second time ({@link #awaitingDown}).
 */
final class RebootActivity extends CommandActivity {
    private static final Logger LOG = LoggerFactory.getLogger(RebootActivity.class);

    private enum Stage { DELAY, ANNOUNCE, REQUEST, WAIT_DOWN }

    private Stage stage = Stage.DELAY;
    private Instant requestedAt;

    RebootActivity(Command command, Tools tools) {
        super(ActivityKind.REBOOTING, command, tools);
    }

    /** Takes up the watch of a request a previous process made at {@code requestedAt}. */
    static RebootActivity awaitingDown(Command command, Tools tools, Instant requestedAt) {
        RebootActivity activity = new RebootActivity(command, tools);
        activity.stage = Stage.WAIT_DOWN;
        activity.requestedAt = requestedAt;
        tools.rebootIssued().accept(command.rebootId());
        return activity;
    }

    @Override
    public Optional<Duration> step() {
        return switch (stage) {
            case DELAY -> delay();
            case ANNOUNCE -> announce();
            case REQUEST -> request();
            case WAIT_DOWN -> waitDown();
        };
    }

    private Optional<Duration> delay() {
        stage = Stage.ANNOUNCE;
        Duration delay = t.settings().rebootDelay();
        return delay.isZero() ? announce() : Activity.again(delay);
    }

    private Optional<Duration> announce() {
        if (command.expiredAt(t.now())) {
            t.outbox().emit(t.reports().of(command, ProgressPhase.COMMAND_REJECTED).setReasons(Reports.reasons(List.of(
                    ExecutorReason.COMMAND_EXPIRED.because("expired at " + command.expiresAt() + ", before the reboot")))).build());
            return Activity.finished();
        }
        Optional<NodeFacts> node = t.cluster().node(t.node());
        node.ifPresent(n -> t.cluster().apply(t.node(), NodeChanges.recordSeq(n, command.seq())));
        t.outbox().emit(t.reports().of(command, ProgressPhase.REBOOTING).build());
        stage = Stage.REQUEST;
        return request();
    }

    private Optional<Duration> request() {
        if (!t.outbox().isEmpty()) {
            return Activity.again(t.settings().evictionRetryInterval());
        }
        Instant now = t.now();
        t.cluster().update(t.node(), n -> NodeChanges.markRebootRequested(n, command, now));
        Timer.Sample sample = Timer.start(t.metrics());
        try {
            t.rebooter().reboot(t.node(), command.rebootId());
            sample.stop(t.metrics().timer(ExecutorMetrics.REBOOT_REQUEST, "outcome", "requested"));
            t.rebootIssued().accept(command.rebootId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sample.stop(t.metrics().timer(ExecutorMetrics.REBOOT_REQUEST, "outcome", "failed"));
            return Activity.finished();
        } catch (Exception e) {
            sample.stop(t.metrics().timer(ExecutorMetrics.REBOOT_REQUEST, "outcome", "failed"));
            forgetRequest();
            t.outbox().emit(t.reports().of(command, ProgressPhase.FAILED)
                    .setReasons(Reports.reasons(List.of(ExecutorReason.REBOOT_FAILED.because(e.getMessage())))).build());
            return Activity.finished();
        }
        requestedAt = now;
        stage = Stage.WAIT_DOWN;
        return Activity.again(t.settings().pollInterval());
    }

    /** Best effort: a mark left behind only makes a restarted process wait out the deadline instead of asking. */
    private void forgetRequest() {
        try {
            t.cluster().apply(t.node(), NodeChange.none().withoutAnnotation(NodeKeys.REBOOT_REQUESTED_FOR)
                    .withoutAnnotation(NodeKeys.REBOOT_REQUESTED_AT));
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot remove the reboot request marks: {}", t.node(), e.toString());
        }
    }

    private Optional<Duration> waitDown() {
        if (!command.bootIdToLeave().equals(t.bootIds().currentBootId())) {
            t.metrics().timer(ExecutorMetrics.REBOOT_DOWN).record(Duration.between(requestedAt, t.now()));
            t.resume().run();
            return Activity.finished();
        }
        if (t.now().isBefore(requestedAt.plus(t.settings().rebootTimeout()))) {
            return Activity.again(t.settings().pollInterval());
        }
        Optional<NodeFacts> node = t.cluster().node(t.node());
        node.ifPresent(n -> t.cluster().apply(t.node(), NodeChanges.markRebootTimedOut(n, command)));
        Finding finding = ExecutorReason.REBOOT_TIMEOUT.because("boot id still " + command.bootIdToLeave() + " "
                + t.settings().rebootTimeout() + " after the request");
        t.outbox().emit(t.reports().of(command, ProgressPhase.FAILED).setReasons(Reports.reasons(List.of(finding))).build());
        return Activity.finished();
    }
}
