package dev.kreboot.coordinator.policy;

import dev.kreboot.schemas.config.Durations;
import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.coordinator.domain.CronSchedule;
import dev.kreboot.coordinator.domain.Policy;
import dev.kreboot.coordinator.domain.RebootWindow;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a RebootPolicy's {@code spec} (the JSON object as plain maps and lists) onto the domain
 * {@link Policy}, and checks everything the CRD's OpenAPI schema cannot: cron expressions, time
 * zones, time formats, combinations (a schedule needs a duration) and what this coordinator can
 * actually enforce (group budgets and max NotReady need Node facts). The schema rejects most bad
 * values at {@code kubectl apply}; this is the second line for what slips past it (an old CRD, a
 * client that skips validation) and for rules a schema cannot express.
 *
 * <p><b>The resource wins entirely.</b> A field the spec leaves out takes the built-in default
 * (the same default as the environment key), not the environment's value: what the resource says
 * is the whole policy, so reading it needs no knowledge of the Deployment's env. What stays with
 * the deployment are the adapters (Prometheus URL, alert filters, blocking pod selectors, health
 * query, whether Nodes are watched): they are wiring and credentials, passed in as
 * {@link Capabilities}.
 *
 * <p>All or nothing: either every field maps and a complete policy comes back, or an
 * {@link InvalidPolicyException} names the first bad field and nothing changes.
 */
public final class PolicySpecMapping {
    /** Every top-level spec field; anything else is refused (the schema prunes it, an old CRD may not). */
    static final Set<String> FIELDS = Set.of("paused", "dryRun", "concurrency", "budgets", "window", "maxNotReady",
            "deadlines", "soakTime", "canary", "maxConsecutiveFailures");
    static final Set<String> BUDGET_FIELDS = Set.of("max", "groupBy", "schedule", "duration", "timeZone",
            "excludeDates");
    static final Set<String> WINDOW_FIELDS = Set.of("days", "startTime", "endTime", "timeZone", "drainMargin");
    static final Set<String> DEADLINE_FIELDS = Set.of("drain", "reboot", "ready");

    private PolicySpecMapping() {
    }

    /**
     * What the running coordinator can enforce, fixed by its deployment.
     *
     * @param watchNodes    Node objects are read: group budgets and max NotReady can work
     * @param blockerChecks blocker adapters are configured: a grant needs a fresh clear verdict
     * @param blockerMaxAge how old a verdict may be (three blocker periods)
     * @param healthQuery   a health query gates the slot's release
     */
    public record Capabilities(boolean watchNodes, boolean blockerChecks, Duration blockerMaxAge,
                               boolean healthQuery) {
        /** The capabilities a policy built from the environment already carries. */
        public static Capabilities of(Policy envPolicy, boolean watchNodes) {
            return new Capabilities(watchNodes, envPolicy.blockerChecks(), envPolicy.blockerMaxAge(),
                    envPolicy.healthQuery());
        }
    }

    /** A valid spec: the policy to put in force, and whether the resource holds the rollout paused. */
    public record Mapped(Policy policy, boolean paused) {
    }

    /** {@code spec} as the JSON decoder gives it: a map, or null for a resource without one. */
    public static Mapped map(Object spec, Capabilities can) {
        Map<String, ?> s = object(spec, "spec");
        known("spec", s, FIELDS);
        List<Budget> budgets = new ArrayList<>();
        budgets.add(budget("spec.concurrency", text(s, "concurrency", "spec.concurrency", "1"), null, null));
        List<?> extra = list(s, "budgets", "spec.budgets");
        for (int i = 0; i < extra.size(); i++) {
            String path = "spec.budgets[" + i + "]";
            Map<String, ?> b = object(extra.get(i), path);
            known(path, b, BUDGET_FIELDS);
            Budget budget = extraBudget(path, b);
            if (budget.grouped() && !can.watchNodes()) {
                throw new InvalidPolicyException(path + ".groupBy", "needs the coordinator to watch Nodes "
                        + "(kreboot.watch-nodes=true, chart value coordinator.watchNodes); without Node labels every "
                        + "node would fall in one group and the budget would silently be global");
            }
            budgets.add(budget);
        }
        Map<String, ?> w = object(s.get("window"), "spec.window");
        known("spec.window", w, WINDOW_FIELDS);
        RebootWindow window = window(w);
        Duration margin = duration(w, "drainMargin", "spec.window.drainMargin", "0");
        String maxNotReadyText = text(s, "maxNotReady", "spec.maxNotReady", "");
        Budget maxNotReady = null;
        if (!maxNotReadyText.isEmpty()) {
            if (!can.watchNodes()) {
                throw new InvalidPolicyException("spec.maxNotReady", "needs the coordinator to watch Nodes "
                        + "(kreboot.watch-nodes=true): without Node facts every node looks Ready");
            }
            maxNotReady = budget("spec.maxNotReady", maxNotReadyText, null, null);
        }
        Map<String, ?> d = object(s.get("deadlines"), "spec.deadlines");
        known("spec.deadlines", d, DEADLINE_FIELDS);
        Policy.Deadlines deadlines = new Policy.Deadlines(duration(d, "drain", "spec.deadlines.drain", "2h"),
                duration(d, "reboot", "spec.deadlines.reboot", "30m"),
                duration(d, "ready", "spec.deadlines.ready", "30m"));
        Policy policy = new Policy(budgets, window, margin, can.blockerChecks(), can.blockerMaxAge(), maxNotReady,
                deadlines, duration(s, "soakTime", "spec.soakTime", "0"), can.healthQuery(),
                bool(s, "canary", "spec.canary"), nonNegative(s, "maxConsecutiveFailures",
                "spec.maxConsecutiveFailures"), bool(s, "dryRun", "spec.dryRun"));
        return new Mapped(policy, bool(s, "paused", "spec.paused"));
    }

    private static Budget extraBudget(String path, Map<String, ?> b) {
        if (!b.containsKey("max")) {
            throw new InvalidPolicyException(path + ".max", "is required: a count (2), a percentage (20%) or 0 "
                    + "with a schedule (a freeze)");
        }
        String cron = text(b, "schedule", path + ".schedule", "");
        CronSchedule schedule = null;
        if (!cron.isEmpty()) {
            if (!b.containsKey("duration")) {
                throw new InvalidPolicyException(path + ".duration", "is required with a schedule: how long each "
                        + "scheduled period lasts");
            }
            Duration length = duration(b, "duration", path + ".duration", "0");
            String zoneText = text(b, "timeZone", path + ".timeZone", "UTC");
            Set<LocalDate> dates = dates(path + ".excludeDates", list(b, "excludeDates", path + ".excludeDates"));
            try {
                schedule = new CronSchedule(cron, length, CronSchedule.zoneOf(path + ".timeZone", zoneText), dates);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(path)) {
                    throw new InvalidPolicyException(path + ".timeZone", "is not a known IANA time zone: '"
                            + zoneText + "'", e);
                }
                throw new InvalidPolicyException(path + ".schedule", "with its duration is not valid: "
                        + e.getMessage(), e);
            }
        } else {
            for (String needsSchedule : List.of("duration", "excludeDates", "timeZone")) {
                if (b.containsKey(needsSchedule)) {
                    throw new InvalidPolicyException(path + "." + needsSchedule, "only means something with "
                            + path + ".schedule, which is not set");
                }
            }
        }
        String max = text(b, "max", path + ".max", "");
        if (schedule == null && max.equals("0")) {
            throw new InvalidPolicyException(path + ".max", "is 0, which only means something with a schedule (a "
                    + "freeze during the scheduled periods); set " + path + ".schedule or a positive max");
        }
        return budget(path + ".max", max, text(b, "groupBy", path + ".groupBy", ""), schedule);
    }

    private static RebootWindow window(Map<String, ?> w) {
        List<?> days = list(w, "days", "spec.window.days");
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            if (!(days.get(i) instanceof String) && !(days.get(i) instanceof Number)) {
                throw new InvalidPolicyException("spec.window.days[" + i + "]", "must be a weekday (mo, monday, 1)");
            }
            joined.append(i == 0 ? "" : ",").append(days.get(i));
        }
        String start = text(w, "startTime", "spec.window.startTime", "0:00");
        String end = text(w, "endTime", "spec.window.endTime", "23:59:59");
        String zone = text(w, "timeZone", "spec.window.timeZone", "UTC");
        try {
            return RebootWindow.parse(joined.toString(), start, end, zone);
        } catch (IllegalArgumentException e) {
            // The window parser names the environment keys; name the spec field instead.
            String m = String.valueOf(e.getMessage());
            String field = m.startsWith("kreboot.time-zone") ? "spec.window.timeZone"
                    : m.startsWith("kreboot.start-time") ? "spec.window.startTime"
                    : m.startsWith("kreboot.end-time") ? "spec.window.endTime" : "spec.window.days";
            int colon = m.indexOf(':');
            throw new InvalidPolicyException(field, "is not valid:" + (colon >= 0 ? m.substring(colon + 1) : " " + m),
                    e);
        }
    }

    private static Budget budget(String path, String text, String groupBy, CronSchedule schedule) {
        try {
            return Budget.parse(path, text, groupBy, schedule);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw new InvalidPolicyException(path, m.startsWith(path) ? m.substring(path.length()).strip() : m, e);
        }
    }

    private static Set<LocalDate> dates(String path, List<?> items) {
        Set<LocalDate> dates = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                dates.add(LocalDate.parse(String.valueOf(items.get(i)).strip()));
            } catch (DateTimeException e) {
                throw new InvalidPolicyException(path + "[" + i + "]", "must be a date like 2026-12-24, got '"
                        + items.get(i) + "'", e);
            }
        }
        return dates;
    }

    private static Duration duration(Map<String, ?> m, String key, String path, String fallback) {
        Object v = m.get(key);
        if (v != null && !(v instanceof String) && !(v instanceof Number)) {
            throw new InvalidPolicyException(path, "must be a duration such as 90s, 15m or 1h30m, got " + v);
        }
        String text = v == null ? fallback : String.valueOf(v);
        try {
            return Durations.parse(path, text);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(path, "must be a duration such as 90s, 15m, 1h30m or 0, got '"
                    + text + "'", e);
        }
    }

    private static String text(Map<String, ?> m, String key, String path, String fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String text) {
            return text.strip();
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        throw new InvalidPolicyException(path, "must be a string" + (v instanceof Number ? " or a whole number" : "")
                + ", got " + v);
    }

    private static boolean bool(Map<String, ?> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new InvalidPolicyException(path, "must be true or false, got " + v);
    }

    private static int nonNegative(Map<String, ?> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            return 0;
        }
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0
                && ((Number) v).longValue() <= Integer.MAX_VALUE) {
            return ((Number) v).intValue();
        }
        throw new InvalidPolicyException(path, "must be a whole number of at least 0, got " + v);
    }

    private static List<?> list(Map<String, ?> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw new InvalidPolicyException(path, "must be a list, got " + v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> object(Object v, String path) {
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    throw new InvalidPolicyException(path, "has a key that is not a string: " + k);
                }
            }
            return (Map<String, ?>) m;
        }
        throw new InvalidPolicyException(path, "must be an object, got " + v);
    }

    private static void known(String path, Map<String, ?> m, Set<String> fields) {
        for (String k : new LinkedHashMap<>(m).keySet()) {
            if (!fields.contains(k)) {
                throw new InvalidPolicyException(path + "." + k, "is not a RebootPolicy field (known: "
                        + new java.util.TreeSet<>(fields) + ")");
            }
        }
    }
}
