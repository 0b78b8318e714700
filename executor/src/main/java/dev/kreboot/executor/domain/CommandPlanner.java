package dev.kreboot.executor.domain;

import java.time.Instant;

/**
 * Decides what the newest command asks of the executor, given the Node's annotations, the host's
 * boot id and what this process remembers. A command is <em>handled</em> once its sequence is at
 * most the newest one recorded (in memory or on the Node).
 * <ol>
 *   <li>A new command that is already handled is a duplicate or a replay: skip it.</li>
 *   <li>Reboot, host booted since ({@code bootIdToLeave} differs from the current boot id): skip
 *       if the completion was already reported ({@code COMPLETED_REBOOT} = rebootId) or the
 *       worker already waits for it; otherwise await the node's return.</li>
 *   <li>Reboot, same boot: skip if this process already asked for it, or if a request for this
 *       reboot already timed out (the Node's {@code reboot-timed-out} mark: FAILED was reported and
 *       an operator decides, no second request); if a previous process asked the host for it (the
 *       Node's {@code reboot-requested-for}/{@code -at} marks, written just before the request), wait
 *       for the host to go down until the request time plus the reboot timeout, then report
 *       REBOOT_TIMEOUT, never asking again: the host may be going down right now; refuse if expired (report
 *       only a new command); reboot if the command is new, or if a previous process handled it and
 *       the Node still says this reboot is in progress (the host never went down: asking again
 *       cannot reboot twice, since the boot id proves no reboot happened).</li>
 *   <li>Drain: skip if the worker is draining for it already; a new command is refused if expired,
 *       else drained; a handled one is taken up again only if the Node still says this reboot is in
 *       progress (a previous process died mid-drain). A drain that failed and restored the node is
 *       never restarted by a replay.</li>
 * </ol>
 */
public final class CommandPlanner {

    private CommandPlanner() {
    }

    public static Decision decide(Command command, NodeFacts node, ExecutorMemory memory, Trigger trigger,
                                  String currentBootId, Instant now) {
        long handled = Math.max(memory.handledSeq(), node.lastCommandSeq());
        boolean fresh = command.seq() > handled;
        if (trigger == Trigger.COMMAND && !fresh) {
            return new Decision.Skip(command + " already handled (newest handled: " + handled + ")");
        }
        return switch (command.kind()) {
            case REBOOT -> reboot(command, node, memory, fresh, currentBootId, now);
            case DRAIN -> drain(command, node, memory, fresh, now);
        };
    }

    private static Decision reboot(Command command, NodeFacts node, ExecutorMemory memory, boolean fresh,
                                   String currentBootId, Instant now) {
        String rebootId = command.rebootId();
        if (!command.bootIdToLeave().equals(currentBootId)) {
            if (rebootId.equals(node.completedReboot())) {
                return new Decision.Skip("reboot " + rebootId + " already completed and reported");
            }
            if (memory.busyWith(ActivityKind.AWAITING_RETURN, rebootId)) {
                return new Decision.Skip("already waiting for the node to return from reboot " + rebootId);
            }
            return new Decision.AwaitReturn();
        }
        if (rebootId.equals(memory.rebootIssuedFor()) || memory.busyWith(ActivityKind.REBOOTING, rebootId)) {
            return new Decision.Skip("reboot " + rebootId + " already requested; waiting for the host to go down");
        }
        if (rebootId.equals(node.rebootTimedOut())) {
            return new Decision.Skip("reboot " + rebootId + " was requested before and the host did not go down; not asking again");
        }
        if (rebootId.equals(node.rebootRequestedFor()) && node.rebootRequestedAt() != null) {
            return new Decision.AwaitDown(node.rebootRequestedAt());
        }
        if (command.expiredAt(now)) {
            return fresh ? new Decision.Reject(ExecutorReason.COMMAND_EXPIRED.because("expired at " + command.expiresAt()))
                    : new Decision.Skip(command + " expired at " + command.expiresAt());
        }
        if (fresh || rebootId.equals(node.rebootInProgress())) {
            return new Decision.Reboot();
        }
        return new Decision.Skip(command + " already handled and the node is no longer in reboot " + rebootId);
    }

    private static Decision drain(Command command, NodeFacts node, ExecutorMemory memory, boolean fresh, Instant now) {
        String rebootId = command.rebootId();
        if (memory.busyWith(ActivityKind.DRAINING, rebootId)) {
            return new Decision.Skip("drain for reboot " + rebootId + " already under way");
        }
        if (fresh) {
            return command.expiredAt(now)
                    ? new Decision.Reject(ExecutorReason.COMMAND_EXPIRED.because("expired at " + command.expiresAt()))
                    : new Decision.Drain();
        }
        if (rebootId.equals(node.rebootInProgress()) && !rebootId.equals(node.completedReboot())) {
            return new Decision.Drain();
        }
        return new Decision.Skip(command + " already handled and the node is no longer in reboot " + rebootId);
    }
}
