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
 *   <li>restore it in one patch: uncordon only if kreboot cordoned it, drop the marks and the
 *       PreferNoSchedule taint, set the post-reboot labels (also when an administrator's cordon
 *       stays, where kured would skip them);</li>
 *   <li>report REBOOTED, UNCORDONED (only if it uncordoned), COMPLETED;</li>
 *   <li>once those reports are stored, mark {@code COMPLETED_REBOOT} = rebootId on the Node, so a
 *       later {@code resume()} skips this reboot. A crash between the reports and the mark
 *       reports completion again: at least once, never lost.</li>
 * </ol>
 */
final class ReturnActivity implements Activity {
    private final Command command;
    private final Tools t;
    private final Instant deadline;
    private NodeFacts restored;

    ReturnActivity(Command command, Tools tools) {
        this.command = command;
        this.t = tools;
        this.deadline = tools.now().plus(tools.settings().readyTimeout());
    }

    @Override
    public ActivityKind kind() {
        return ActivityKind.AWAITING_RETURN;
    }

    @Override
    public Command command() {
        return command;
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
            restore(node.get());
            restored = node.get();
            return mark();
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

    private void restore(NodeFacts node) {
        NodeChanges.Restore restore = NodeChanges.restore(node, t.settings().nodeMarks(), true);
        t.cluster().apply(t.node(), restore.change());
        boolean adminCordonKept = !restore.uncordons() && node.unschedulable();
        t.outbox().emit(t.reports().of(command, ProgressPhase.REBOOTED).setPreviousBootId(command.bootIdToLeave()).build());
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
