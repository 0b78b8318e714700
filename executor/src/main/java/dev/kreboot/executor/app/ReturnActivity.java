package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.ActivityKind;
import dev.kreboot.executor.domain.Command;
import dev.kreboot.executor.domain.ExecutorReason;
import dev.kreboot.executor.domain.Finding;
import dev.kreboot.executor.domain.NodeChanges;
import dev.kreboot.executor.domain.NodeFacts;
import dev.kreboot.schemas.ProgressPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * After the host booted (its boot id differs from the command's {@code bootIdToLeave}):
 * <ol>
 *   <li>poll the Node until its Ready condition is True; at the ready deadline report FAILED
 *       (NODE_NOT_READY) and stop, leaving the node as it is for an operator;</li>
 *   <li>restore it in one patch, derived from the node as the patch finds it: uncordon only if
 *       kreboot cordoned it, drop the marks and the PreferNoSchedule taint, set the post-reboot
 *       labels (also when an administrator's cordon stays, where kured would skip them); a
 *       failed patch is retried every poll interval, its first failure reported as REBOOTED with
 *       UNCORDON_FAILED; the reboot's duration (from the Node's request mark) is recorded;</li>
 *   <li>report REBOOTED, UNCORDONED (only if it uncordoned), COMPLETED;</li>
 *   <li>once those reports are stored, mark {@code COMPLETED_REBOOT} = rebootId on the Node, so a
 *       later {@code resume()} skips this reboot. A crash between the reports and the mark
 *       reports completion again: at least once, never lost.</li>
 * </ol>
 */
final class ReturnActivity extends CommandActivity {
    private final Instant deadline;
    private NodeFacts restored;
    private boolean rebootedReported;

    ReturnActivity(Command command, Tools tools) {
        super(ActivityKind.AWAITING_RETURN, command, tools);
        this.deadline = tools.now().plus(tools.settings().readyTimeout());
    }

    @Override
    public Optional<Duration> step() {
        if (restored != null) {
            return mark();
        }
        Optional<NodeFacts> node = t.cluster().node(t.node());
        if (node.isPresent() && command.rebootId().equals(node.get().completedReboot())) {
            return Activity.finished();
        }
        if (node.isPresent() && node.get().ready()) {
            return restore();
        }
        if (!t.now().isBefore(deadline)) {
            Finding finding = ExecutorReason.NODE_NOT_READY.because(t.node() + (node.isEmpty() ? " is not registered" : " is not Ready")
                    + " " + t.settings().readyTimeout() + " after the new boot");
            t.outbox().emit(t.reports().of(command, ProgressPhase.FAILED)
                    .setPreviousBootId(command.bootIdToLeave()).setReasons(Reports.reasons(List.of(finding))).build());
            return Activity.finished();
        }
        return Activity.again(t.settings().pollInterval());
    }

    /**
     * One patch, derived from the node as the patch finds it. A failed patch is counted and retried
     * every poll interval; the first failure already reports REBOOTED (the reboot is verified) with
     * UNCORDON_FAILED, so the coordinator hears why completion waits.
     */
    private Optional<Duration> restore() {
        Optional<NodeFacts> read = restoreNode(true, uncordonFailed -> {
            if (!rebootedReported) {
                rebootedReported = true;
                t.outbox().emit(t.reports().of(command, ProgressPhase.REBOOTED).setPreviousBootId(command.bootIdToLeave())
                        .setReasons(Reports.reasons(List.of(uncordonFailed))).build());
            }
        });
        if (read.isEmpty()) {
            return Activity.again(t.settings().pollInterval());
        }
        NodeFacts node = read.get();
        Instant requested = command.rebootId().equals(node.rebootRequestedFor()) ? node.rebootRequestedAt() : null;
        if (requested != null) {
            t.metrics().timer(ExecutorMetrics.REBOOT_DURATION).record(Duration.between(requested, t.now()));
        }
        report(node);
        restored = node;
        return mark();
    }

    private void report(NodeFacts node) {
        NodeChanges.Restore restore = NodeChanges.restore(node, t.settings().nodeMarks(), true);
        boolean adminCordonKept = !restore.uncordons() && node.unschedulable();
        if (!rebootedReported) {
            rebootedReported = true;
            t.outbox().emit(t.reports().of(command, ProgressPhase.REBOOTED).setPreviousBootId(command.bootIdToLeave()).build());
        }
        if (restore.uncordons()) {
            t.outbox().emit(t.reports().of(command, ProgressPhase.UNCORDONED).build());
        }
        List<Finding> reasons = adminCordonKept ? List.of(ExecutorReason.ADMIN_CORDON_KEPT.finding()) : List.of();
        t.outbox().emit(t.reports().of(command, ProgressPhase.COMPLETED).setPreviousBootId(command.bootIdToLeave())
                .setWasCordonedBefore(adminCordonKept).setReasons(Reports.reasons(reasons)).build());
    }

    private Optional<Duration> mark() {
        if (!t.outbox().isEmpty()) {
            return Activity.again(t.settings().evictionRetryInterval());
        }
        t.cluster().apply(t.node(), NodeChanges.markCompleted(restored, command));
        return Activity.finished();
    }
}
