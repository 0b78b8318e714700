package dev.kreboot.notifier.domain;

import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.ProgressPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What kind of event a notification reports, written {@code category.NAME}: {@code progress.DRAINED}
 * for an executor step, {@code decision.SLOT_GRANTED} for a coordinator decision. The same string
 * is the webhook's {@code type} field, the metric tag and the filter syntax.
 */
public record EventType(String category, String name) {
    public static final String PROGRESS = "progress";
    public static final String DECISION = "decision";

    public EventType {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(name, "name");
    }

    public static EventType of(ProgressPhase phase) {
        return new EventType(PROGRESS, phase.name());
    }

    public static EventType of(DecisionType decision) {
        return new EventType(DECISION, decision.name());
    }

    /** Every type the current schemas can produce. */
    public static List<EventType> all() {
        List<EventType> all = new ArrayList<>();
        for (ProgressPhase phase : ProgressPhase.values()) {
            all.add(of(phase));
        }
        for (DecisionType decision : DecisionType.values()) {
            all.add(of(decision));
        }
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return category + "." + name;
    }
}
