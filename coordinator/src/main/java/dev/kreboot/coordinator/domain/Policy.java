package dev.kreboot.coordinator.domain;

import java.time.Duration;
import java.util.List;

/**
 * Everything the coordinator decides by, besides its inputs. Durations of zero switch the
 * corresponding rule off.
 *
 * @param budgets            all budgets; every active one must allow a grant (the most restrictive wins)
 * @param window             when grants may happen
 * @param drainMargin        a grant needs at least this much of the window left (0: no margin)
 * @param blockerChecks      true when blocker adapters are configured: a grant then needs a clear
 *                           evaluation newer than {@code blockerMaxAge} for the cluster and the
 *                           node, and the Reboot command a clear one made after the node drained
 * @param blockerMaxAge      how old a blocker evaluation may be and still count
 * @param maxNotReady        grants stop while this many other nodes are NotReady (null: off); a
 *                           {@link Budget} only for its count/percentage arithmetic
 * @param deadlines          per-phase deadlines
 * @param soak               after the node is back and Ready, how long it keeps its slot
 * @param healthQuery        true when a health query must come back clear before the slot frees
 * @param canary             the first node of a rollout goes alone until it is done
 * @param maxConsecutiveFailures after this many failures in a row the rollout pauses (0: never)
 * @param dryRun             decide and announce, send no command
 */
public record Policy(List<Budget> budgets, RebootWindow window, Duration drainMargin, boolean blockerChecks,
                     Duration blockerMaxAge, Budget maxNotReady, Deadlines deadlines, Duration soak,
                     boolean healthQuery, boolean canary, int maxConsecutiveFailures, boolean dryRun) {

    public Policy {
        budgets = List.copyOf(budgets);
        if (budgets.isEmpty()) {
            throw new IllegalArgumentException("at least one budget is needed");
        }
    }

    /** One budget and nothing else: the behaviour of the first coordinator (kured with --concurrency). */
    public static Policy of(Budget budget) {
        return new Policy(List.of(budget), RebootWindow.always(), Duration.ZERO, false, Duration.ofMinutes(1), null,
                Deadlines.NONE, Duration.ZERO, false, false, 0, false);
    }

    /** The same policy, knowing which ports the runtime actually has. */
    public Policy withPorts(boolean blockers, boolean health) {
        return new Policy(budgets, window, drainMargin, blockers, blockerMaxAge, maxNotReady, deadlines, soak, health,
                canary, maxConsecutiveFailures, dryRun);
    }

    /** Per-phase deadlines (zero: none). Past one, a node is STUCK. */
    public record Deadlines(Duration drain, Duration reboot, Duration ready) {
        public static final Deadlines NONE = new Deadlines(Duration.ZERO, Duration.ZERO, Duration.ZERO);

        Duration of(Phase phase) {
            return switch (phase) {
                case DRAINING -> drain;
                case REBOOTING -> reboot;
                case REBOOTED -> ready;
                default -> Duration.ZERO;
            };
        }
    }
}
