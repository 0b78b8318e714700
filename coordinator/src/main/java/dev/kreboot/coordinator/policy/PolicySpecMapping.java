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
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
 * is the whole policy, so reading it needs no knowledge of the Deployment's env. Two exceptions,
 * both safety gates: {@code spec.blockers} and {@code spec.healthGate} replace the environment's
 * blockers and health query only when present (an empty object switches them off); when absent
 * the environment's stay, so a resource that never mentions them cannot silently drop a
 * deployment's alert blocker. What stays with the deployment is whether Nodes are watched
 * (RBAC and an informer), passed in as {@link Capabilities}. The adapters themselves are built
 * outside this pure package from the {@link Adapters} description the mapping returns.
 *
 * <p>All or nothing: either every field maps and a complete policy comes back, or an
 * {@link InvalidPolicyException} names the first bad field and nothing changes.
 */
public final class PolicySpecMapping {
    /** Every top-level spec field; anything else is refused (the schema prunes it, an old CRD may not). */
    static final Set<String> FIELDS = Set.of("paused", "dryRun", "concurrency", "budgets", "window", "maxNotReady",
            "deadlines", "soakTime", "canary", "maxConsecutiveFailures", "blockers", "healthGate");
    static final Set<String> BLOCKER_FIELDS = Set.of("prometheus", "podSelectors");
    static final Set<String> PROMETHEUS_FIELDS = Set.of("url", "alertFilterRegexp", "alertFilterMatchOnly",
            "alertFiringOnly", "alertNodeLabel");
    static final Set<String> HEALTH_FIELDS = Set.of("prometheusUrl", "query");
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
     * @param blockerChecks the environment configures blocker adapters: kept, and a grant needs a
     *                      fresh clear verdict, while the spec has no {@code blockers}
     * @param blockerMaxAge how old a verdict may be (three blocker periods, a deployment setting)
     * @param healthQuery   the environment's health query gates the slot's release, kept while the
     *                      spec has no {@code healthGate}
     */
    public record Capabilities(boolean watchNodes, boolean blockerChecks, Duration blockerMaxAge,
                               boolean healthQuery) {
        /** The capabilities a policy built from the environment already carries. */
        public static Capabilities of(Policy envPolicy, boolean watchNodes) {
            return new Capabilities(watchNodes, envPolicy.blockerChecks(), envPolicy.blockerMaxAge(),
                    envPolicy.healthQuery());
        }
    }

    /**
     * A valid spec: the policy to put in force, whether the resource holds the rollout paused, and
     * which blocker and health adapters it asks for.
     */
    public record Mapped(Policy policy, boolean paused, Adapters adapters) {
    }

    /**
     * The adapters a spec asks for, as data (this package builds nothing).
     *
     * @param blockers null: the environment's blockers stay; otherwise exactly these
     * @param health   null: the environment's health query stays; otherwise exactly this
     */
    public record Adapters(Blockers blockers, HealthGate health) {
        /** A spec that mentions neither: the environment's adapters stay. */
        public static final Adapters ENVIRONMENT = new Adapters(null, null);
    }

    /**
     * {@code spec.blockers}: the same choices as the {@code kreboot.*} blocker keys.
     *
     * @param alerts       null: no Prometheus alert blocker
     * @param podSelectors label selectors; a matching pod on a node blocks it (ORed)
     */
    public record Blockers(Alerts alerts, List<String> podSelectors) {
        public Blockers {
            podSelectors = List.copyOf(podSelectors);
        }

        public boolean any() {
            return alerts != null || !podSelectors.isEmpty();
        }
    }

    /**
     * {@code spec.blockers.prometheus}: kured's alert blocker.
     *
     * @param url        the Prometheus base URL (http or https)
     * @param filter     {@code alertFilterRegexp}, null for none
     * @param matchOnly  {@code alertFilterMatchOnly}: only alerts matching the filter block
     * @param firingOnly {@code alertFiringOnly}: pending alerts do not block
     * @param nodeLabel  {@code alertNodeLabel}: alerts with this label block only the node it names ("" off)
     */
    public record Alerts(String url, Pattern filter, boolean matchOnly, boolean firingOnly, String nodeLabel) {
    }

    /**
     * {@code spec.healthGate}: after its soak a node keeps its slot until the query returns no series.
     *
     * @param prometheusUrl where the query runs ({@code spec.healthGate.prometheusUrl}, else the alert blocker's)
     * @param query         the PromQL query, {@code $node} replaced; "" switches the gate off
     */
    public record HealthGate(String prometheusUrl, String query) {
        public boolean on() {
            return !query.isEmpty();
        }
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
        Blockers blockers = s.containsKey("blockers") ? blockers(s.get("blockers")) : null;
        HealthGate health = s.containsKey("healthGate") ? healthGate(s.get("healthGate"), blockers) : null;
        Policy policy = new Policy(budgets, window, margin, blockers == null ? can.blockerChecks() : blockers.any(),
                can.blockerMaxAge(), maxNotReady, deadlines, duration(s, "soakTime", "spec.soakTime", "0"),
                health == null ? can.healthQuery() : health.on(), bool(s, "canary", "spec.canary"),
                nonNegative(s, "maxConsecutiveFailures", "spec.maxConsecutiveFailures"),
                bool(s, "dryRun", "spec.dryRun"));
        return new Mapped(policy, bool(s, "paused", "spec.paused"), new Adapters(blockers, health));
    }

    private static Blockers blockers(Object spec) {
        Map<String, ?> b = object(spec, "spec.blockers");
        known("spec.blockers", b, BLOCKER_FIELDS);
        Alerts alerts = null;
        if (b.containsKey("prometheus")) {
            Map<String, ?> p = object(b.get("prometheus"), "spec.blockers.prometheus");
            known("spec.blockers.prometheus", p, PROMETHEUS_FIELDS);
            String path = "spec.blockers.prometheus";
            String url = url(p, "url", path + ".url");
            if (url.isEmpty()) {
                throw new InvalidPolicyException(path + ".url", "is required: the Prometheus base URL "
                        + "(http://prometheus.monitoring:9090) whose ALERTS block reboots");
            }
            String regexp = text(p, "alertFilterRegexp", path + ".alertFilterRegexp", "");
            Pattern filter = null;
            if (!regexp.isEmpty()) {
                try {
                    filter = Pattern.compile(regexp);
                } catch (PatternSyntaxException e) {
                    throw new InvalidPolicyException(path + ".alertFilterRegexp", "is not a regular expression: "
                            + e.getDescription() + " in '" + regexp + "'", e);
                }
            }
            boolean matchOnly = bool(p, "alertFilterMatchOnly", path + ".alertFilterMatchOnly");
            String nodeLabel = text(p, "alertNodeLabel", path + ".alertNodeLabel", "");
            if (!nodeLabel.isEmpty() && !nodeLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new InvalidPolicyException(path + ".alertNodeLabel", "must be a Prometheus label name "
                        + "([a-zA-Z_][a-zA-Z0-9_]*), got '" + nodeLabel + "'");
            }
            alerts = new Alerts(url, filter, matchOnly, bool(p, "alertFiringOnly", path + ".alertFiringOnly"),
                    nodeLabel);
        }
        List<?> items = list(b, "podSelectors", "spec.blockers.podSelectors");
        List<String> selectors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "spec.blockers.podSelectors[" + i + "]";
            if (!(items.get(i) instanceof String text) || text.isBlank()) {
                throw new InvalidPolicyException(path, "must be a label selector such as app=backup or "
                        + "'job in (etl, report)', got " + items.get(i));
            }
            if (text.contains(";")) {
                throw new InvalidPolicyException(path, "holds ';': give each selector its own list item");
            }
            selectors.add(text.strip());
        }
        return new Blockers(alerts, selectors);
    }

    private static HealthGate healthGate(Object spec, Blockers blockers) {
        Map<String, ?> h = object(spec, "spec.healthGate");
        known("spec.healthGate", h, HEALTH_FIELDS);
        String query = text(h, "query", "spec.healthGate.query", "");
        String url = url(h, "prometheusUrl", "spec.healthGate.prometheusUrl");
        if (query.isEmpty()) {
            if (!url.isEmpty()) {
                throw new InvalidPolicyException("spec.healthGate.prometheusUrl", "only means something with "
                        + "spec.healthGate.query, which is not set (an empty healthGate switches the gate off)");
            }
            return new HealthGate("", "");
        }
        if (url.isEmpty()) {
            if (blockers == null || blockers.alerts() == null) {
                throw new InvalidPolicyException("spec.healthGate.prometheusUrl", "is required with "
                        + "spec.healthGate.query (or set spec.blockers.prometheus.url, which it then uses)");
            }
            url = blockers.alerts().url();
        }
        return new HealthGate(url, query);
    }

    private static String url(Map<String, ?> m, String key, String path) {
        String url = text(m, key, path, "");
        if (!url.isEmpty() && !url.matches("https?://[^\\s/?#]+.*")) {
            throw new InvalidPolicyException(path, "must be an http(s) URL such as "
                    + "http://prometheus.monitoring:9090, got '" + url + "'");
        }
        return url;
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
