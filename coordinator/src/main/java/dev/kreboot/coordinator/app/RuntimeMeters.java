package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.BudgetStatus;
import dev.kreboot.coordinator.domain.Explanation;
import dev.kreboot.coordinator.domain.NodeRecord;
import dev.kreboot.coordinator.domain.Phase;
import dev.kreboot.schemas.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime's meters: slots in use and leadership as gauges over live state; budgets, phases and
 * reasons as {@link MultiGauge}s rebuilt from each tick's {@link PublishedViews} (rows of budgets
 * or groups that disappeared are dropped, every phase keeps a row, 0 included, so a dashboard can
 * tell "none" from "no data"); the time spent in each phase; the latency of each decision.
 */
final class RuntimeMeters {
    private final MeterRegistry metrics;
    private final MultiGauge budgetInUse;
    private final MultiGauge budgetAllowed;
    private final MultiGauge phases;
    private final MultiGauge blocked;

    RuntimeMeters(MeterRegistry metrics, PublishedViews views, Leadership leadership) {
        this.metrics = metrics;
        metrics.gauge(MetricNames.COORDINATOR_SLOTS_IN_USE, views.nodesReference(),
                v -> v.get().values().stream().filter(n -> n.phase().holdsSlot()).count());
        metrics.gauge(CoordinatorMetrics.LEADER, leadership, l -> l.leading() ? 1 : 0);
        budgetInUse = MultiGauge.builder(CoordinatorMetrics.BUDGET_IN_USE).register(metrics);
        budgetAllowed = MultiGauge.builder(CoordinatorMetrics.BUDGET_ALLOWED).register(metrics);
        phases = MultiGauge.builder(CoordinatorMetrics.NODES).register(metrics);
        blocked = MultiGauge.builder(CoordinatorMetrics.BLOCKED).register(metrics);
    }

    /** The gauges built from one tick's explanations and budgets. */
    void fleet(Map<String, Explanation> all, List<BudgetStatus> status) {
        budgetInUse.register(status.stream().map(b -> MultiGauge.Row.of(budgetTags(b), b.inUse())).toList(), true);
        budgetAllowed.register(status.stream().map(b -> MultiGauge.Row.of(budgetTags(b), b.allowed())).toList(), true);
        Map<Phase, Long> perPhase = new EnumMap<>(Phase.class);
        Map<BlockReason, Long> perReason = new EnumMap<>(BlockReason.class);
        for (Phase p : Phase.values()) {
            perPhase.put(p, 0L);
        }
        for (Explanation e : all.values()) {
            perPhase.merge(e.phase(), 1L, Long::sum);
            e.reasons().forEach(r -> perReason.merge(r, 1L, Long::sum));
        }
        phases.register(perPhase.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("phase", e.getKey().name()), e.getValue())).toList(), true);
        blocked.register(perReason.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("reason", e.getKey().name()), e.getValue())).toList(), true);
    }

    private static Tags budgetTags(BudgetStatus b) {
        return Tags.of("budget", b.index() + ": " + b.budget(), "group", b.group());
    }

    /** Time spent in each phase, recorded when a node leaves it (the caller skips replayed history). */
    void phasesLeft(Map<String, NodeRecord> before, Map<String, NodeRecord> after, Instant now) {
        after.forEach((node, n) -> {
            NodeRecord old = before.get(node);
            if (old != null && old.phase() != n.phase() && old.phaseSince() != null && !old.phaseSince().isAfter(now)) {
                Timer.builder(CoordinatorMetrics.PHASE_DURATION).tag("phase", old.phase().name())
                        .publishPercentileHistogram().register(metrics)
                        .record(Duration.between(old.phaseSince(), now));
            }
        });
    }

    Timer.Sample startDecision() {
        return Timer.start(metrics);
    }

    /** One decision taken: {@code kind} is the input's type, or "Batch" for several inputs at once. */
    void decided(Timer.Sample sample, String kind, boolean published) {
        sample.stop(metrics.timer(CoordinatorMetrics.DECISION_LATENCY, "input", kind,
                "published", Boolean.toString(published)));
    }
}
