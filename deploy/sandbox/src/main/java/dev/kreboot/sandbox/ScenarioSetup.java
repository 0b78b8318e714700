package dev.kreboot.sandbox;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a scenario does to the world before and as the upgrades land, each step called by
 * {@link SandboxRun} at its moment: an admin's cordon and an unevictable pod before the sentinels,
 * a reboot window that opens a few seconds later, an alert that fires and then clears. The faults
 * injected during the rollout are {@link Faults}' and {@link CoordinatorReplicas#killLeaderMidDrain}'s.
 */
final class ScenarioSetup {
    private ScenarioSetup() {
    }

    /** Chaos's draw, pre-cordoned's admin cordon and pdb-blocks' unevictable pod, as narrated. */
    static void prepareCluster(String scenario, long seed, ScenarioPlan plan, SimulatedCluster cluster,
                               Consumer<String> say) {
        if (scenario.equals("chaos")) {
            say.accept("chaos for seed " + seed + ":" + plan.describe());
        }
        if (plan.preCordoned() != null) {
            cluster.cordonByAdmin(plan.preCordoned());
            say.accept("an admin cordoned " + plan.preCordoned() + " before it needed a reboot");
        }
        if (plan.pdbBlocked() != null) {
            cluster.addUnevictablePod(plan.pdbBlocked());
            say.accept(plan.pdbBlocked() + " runs shop/db-0, whose PodDisruptionBudget allows no eviction");
        }
    }

    /**
     * window-closed: sets a reboot window that opens {@link ScenarioPlan#windowOpensAfterMs()} from
     * now and starts the coordinator under it.
     *
     * @return when the window opens (epoch ms), 0 when the scenario has no window (none is set)
     */
    static long openWindowLater(ScenarioPlan plan, CoordinatorReplicas coordinators, Consumer<String> say) {
        if (plan.windowOpensAfterMs() <= 0) {
            return 0;
        }
        // kured's window syntax has whole seconds: open at the next second after the delay.
        LocalTime opens = LocalTime.now(ZoneOffset.UTC)
                .plus(Duration.ofMillis(plan.windowOpensAfterMs() + 1000)).withNano(0);
        long windowOpensAt = LocalDate.now(ZoneOffset.UTC).atTime(opens).toInstant(ZoneOffset.UTC).toEpochMilli();
        if (windowOpensAt < System.currentTimeMillis()) {
            windowOpensAt += Duration.ofDays(1).toMillis(); // just past midnight
        }
        coordinators.set("kreboot.start-time", withSeconds(opens));
        coordinators.set("kreboot.end-time", withSeconds(opens.plusHours(1)));
        coordinators.set("kreboot.time-zone", "UTC");
        say.accept("the reboot window opens at " + opens + " UTC (" + coordinators.setting("kreboot.start-time") + "-"
                + coordinators.setting("kreboot.end-time") + ")");
        coordinators.start("coordinator-0");
        return windowOpensAt;
    }

    /** {@link LocalTime#toString()} drops zero seconds ("10:15"); the window settings want "10:15:00". */
    private static String withSeconds(LocalTime time) {
        return time.toString().length() == 5 ? time + ":00" : time.toString();
    }

    /** alert-firing: the alert fires now and clears three seconds later; nothing without Prometheus. */
    static void fireAlertForAWhile(SimulatedPrometheus prometheus, SandboxServices services, Consumer<String> say) {
        if (prometheus == null) {
            return;
        }
        prometheus.fire();
        say.accept("Prometheus: alert KubeAPIErrorBudgetBurn is firing");
        services.scheduler().schedule(() -> {
            prometheus.clear();
            say.accept("Prometheus: the alert cleared");
        }, 3000, TimeUnit.MILLISECONDS);
    }
}
