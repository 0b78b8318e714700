package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.ActivityKind;
import dev.kreboot.executor.domain.Command;
import dev.kreboot.executor.domain.ExecutorReason;
import dev.kreboot.executor.domain.Finding;
import dev.kreboot.executor.domain.NodeChanges;
import dev.kreboot.executor.domain.NodeFacts;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the drain, reboot and return activities share: the command each carries out, of its kind,
 * with the executor's tools; and the restore patch the drain and the return both end with.
 */
abstract class CommandActivity implements Activity {
    final Command command;
    final Tools t;
    private final ActivityKind kind;

    CommandActivity(ActivityKind kind, Command command, Tools tools) {
        this.kind = kind;
        this.command = command;
        this.t = tools;
    }

    @Override
    public final ActivityKind kind() {
        return kind;
    }

    @Override
    public final Command command() {
        return command;
    }

    /**
     * One restore patch (uncordon unless an administrator had cordoned, marks removed), derived from
     * the node as the patch finds it. A failed patch is counted (phase RESTORE, UNCORDON_FAILED),
     * handed to {@code reportFailure} as a finding, and rethrown so that the step is tried again.
     *
     * @param afterReboot whether the host has rebooted (as for {@code NodeChanges.restore})
     * @return the node as patched; empty when it is gone
     */
    final Optional<NodeFacts> restoreNode(boolean afterReboot, Consumer<Finding> reportFailure) {
        try {
            return t.cluster().update(t.node(), n -> NodeChanges.restore(n, t.settings().nodeMarks(), afterReboot).change());
        } catch (RuntimeException e) {
            t.metrics().counter(ExecutorMetrics.FAILURES, "phase", "RESTORE", "reason", ExecutorReason.UNCORDON_FAILED.name())
                    .increment();
            reportFailure.accept(ExecutorReason.UNCORDON_FAILED.because(e.getMessage()));
            throw e;
        }
    }
}
