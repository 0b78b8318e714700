package dev.kreboot.coordinator.policy;

import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.coordinator.domain.CronSchedule;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * {@code spec.concurrency}, {@code spec.budgets[]} and {@code spec.maxNotReady} as domain
 * {@link Budget}s. A budget item needs {@code max}; {@code duration}, {@code timeZone} and
 * {@code excludeDates} only mean something with a {@code schedule} (cron plus duration), and a
 * {@code max} of 0 only with one (a freeze during the scheduled periods): each such spec is refused
 * naming the field rather than quietly read as something else.
 */
final class BudgetSpecs {
    static final Set<String> FIELDS = Set.of("max", "groupBy", "schedule", "duration", "timeZone", "excludeDates");

    private BudgetSpecs() {
    }

    /** One item of {@code spec.budgets}. */
    static Budget item(SpecObject b) {
        String path = b.path();
        if (!b.has("max")) {
            throw new InvalidPolicyException(b.path("max"), "is required: a count (2), a percentage (20%) or 0 "
                    + "with a schedule (a freeze)");
        }
        String cron = b.text("schedule", "");
        CronSchedule schedule = null;
        if (!cron.isEmpty()) {
            if (!b.has("duration")) {
                throw new InvalidPolicyException(b.path("duration"), "is required with a schedule: how long each "
                        + "scheduled period lasts");
            }
            Duration length = b.duration("duration", "0");
            String zoneText = b.text("timeZone", "UTC");
            Set<LocalDate> dates = b.dates("excludeDates");
            try {
                schedule = new CronSchedule(cron, length, CronSchedule.zoneOf(b.path("timeZone"), zoneText), dates);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(path)) {
                    throw new InvalidPolicyException(b.path("timeZone"), "is not a known IANA time zone: '"
                            + zoneText + "'", e);
                }
                throw new InvalidPolicyException(b.path("schedule"), "with its duration is not valid: "
                        + e.getMessage(), e);
            }
        } else {
            for (String needsSchedule : List.of("duration", "excludeDates", "timeZone")) {
                if (b.has(needsSchedule)) {
                    throw new InvalidPolicyException(b.path(needsSchedule), "only means something with "
                            + b.path("schedule") + ", which is not set");
                }
            }
        }
        String max = b.text("max", "");
        if (schedule == null && max.equals("0")) {
            throw new InvalidPolicyException(b.path("max"), "is 0, which only means something with a schedule (a "
                    + "freeze during the scheduled periods); set " + b.path("schedule") + " or a positive max");
        }
        return parse(b.path("max"), max, b.text("groupBy", ""), schedule);
    }

    /** A count or percentage at {@code path}, the domain parser's message re-worded to name the field. */
    static Budget parse(String path, String text, String groupBy, CronSchedule schedule) {
        try {
            return Budget.parse(path, text, groupBy, schedule);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw new InvalidPolicyException(path, m.startsWith(path) ? m.substring(path.length()).strip() : m, e);
        }
    }
}
