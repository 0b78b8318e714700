package dev.kreboot.coordinator.config;

import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.coordinator.domain.CronSchedule;
import dev.kreboot.coordinator.domain.Policy;
import dev.kreboot.coordinator.domain.RebootWindow;
import dev.kreboot.schemas.config.Durations;
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
 * The coordinator's configuration, validated once at start-up; every error names its key. The
 * keys, defaults and meanings are in {@link #DEFAULTS} and the table in {@code coordinator/README.md};
 * kured's names are kept where kured has the option.
 *
 * @param cluster           {@code kreboot.cluster} (required): the cluster name stamped on every event
 * @param instance          {@code kreboot.instance}: this replica's name (default: HOSTNAME, else "local")
 * @param topicPrefix       {@code kreboot.topic-prefix} (default empty)
 * @param bootstrapServers  {@code kafka.bootstrap.servers} (required)
 * @param createTopics      {@code kreboot.create-topics} (default true)
 * @param commandPartitions {@code kreboot.command-partitions} (default 12): partitions of the commands topic when created
 * @param budget            {@code kreboot.concurrency} (kured's name, default 1): a count or a percentage such as {@code 20%}
 * @param policy            the domain policy built from every policy key
 * @param blockers          where the blocker and health adapters look
 */
public record CoordinatorSettings(String cluster, String instance, String topicPrefix, String bootstrapServers,
                                  boolean createTopics, int commandPartitions, Budget budget, Policy policy,
                                  Blockers blockers) {

    /** Extra budgets: {@code kreboot.budgets.<i>.<field>} for i = 0, 1, ... without gaps. */
    public static final String BUDGETS = "kreboot.budgets.";
    static final int MAX_BUDGETS = 32;
    static final List<String> BUDGET_FIELDS = List.of("max", "group-by", "schedule", "duration", "time-zone",
            "exclude-dates");

    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("kreboot.topic-prefix", "");
        d.put("kreboot.create-topics", "true");
        d.put("kreboot.command-partitions", "12");
        d.put("kreboot.concurrency", "1");
        d.put("kreboot.reboot-days", "su,mo,tu,we,th,fr,sa");
        d.put("kreboot.start-time", "0:00");
        d.put("kreboot.end-time", "23:59:59");
        d.put("kreboot.time-zone", "UTC");
        d.put("kreboot.drain-window-margin", "0");
        d.put("kreboot.prometheus-url", "");
        d.put("kreboot.alert-filter-regexp", "");
        d.put("kreboot.alert-filter-match-only", "false");
        d.put("kreboot.alert-firing-only", "false");
        d.put("kreboot.alert-node-label", "");
        d.put("kreboot.blocking-pod-selector", "");
        d.put("kreboot.max-not-ready", "");
        d.put("kreboot.watch-nodes", "false");
        d.put("kreboot.blocker-period", "10s");
        d.put("kreboot.drain-deadline", "2h");
        d.put("kreboot.reboot-deadline", "30m");
        d.put("kreboot.ready-deadline", "30m");
        d.put("kreboot.soak-time", "0");
        d.put("kreboot.health-query", "");
        d.put("kreboot.canary", "false");
        d.put("kreboot.max-consecutive-failures", "0");
        d.put("kreboot.dry-run", "false");
        return java.util.Collections.unmodifiableMap(d);
    }

    /**
     * Where the blocker and health-gate adapters look; empty strings and lists switch them off.
     *
     * @param prometheusUrl         {@code kreboot.prometheus-url}
     * @param alertFilter           {@code kreboot.alert-filter-regexp} (null: none)
     * @param alertFilterMatchOnly  {@code kreboot.alert-filter-match-only}
     * @param alertFiringOnly       {@code kreboot.alert-firing-only}
     * @param alertNodeLabel        {@code kreboot.alert-node-label}: alerts carrying this label block only the node it names
     * @param podSelectors          {@code kreboot.blocking-pod-selector}, several separated by {@code ;}, ORed
     * @param watchNodes            {@code kreboot.watch-nodes}: read Node objects (labels, Ready, unschedulable, deletion)
     * @param period                {@code kreboot.blocker-period}
     * @param healthQuery           {@code kreboot.health-query}: must return no series after a reboot; {@code $node} is replaced
     */
    public record Blockers(String prometheusUrl, Pattern alertFilter, boolean alertFilterMatchOnly,
                           boolean alertFiringOnly, String alertNodeLabel, List<String> podSelectors,
                           boolean watchNodes, Duration period, String healthQuery) {
        public Blockers {
            podSelectors = List.copyOf(podSelectors);
        }

        public boolean any() {
            return !prometheusUrl.isEmpty() || !podSelectors.isEmpty();
        }

        public boolean needsKubernetes() {
            return watchNodes || !podSelectors.isEmpty();
        }
    }

    public static CoordinatorSettings from(Map<String, String> given) {
        Map<String, String> p = new LinkedHashMap<>(DEFAULTS);
        given.forEach((k, v) -> {
            if (v != null) {
                p.put(k, v);
            }
        });
        Budget concurrency = Budget.parse("kreboot.concurrency", p.get("kreboot.concurrency"));
        Blockers blockers = blockers(p);
        List<Budget> budgets = new ArrayList<>();
        budgets.add(concurrency);
        budgets.addAll(budgets(p));
        RebootWindow window = RebootWindow.parse(p.get("kreboot.reboot-days"), p.get("kreboot.start-time"),
                p.get("kreboot.end-time"), p.get("kreboot.time-zone"));
        String maxNotReady = p.get("kreboot.max-not-ready").strip();
        // Without Node facts every node looks Ready and unlabelled: these would silently do nothing.
        if (!blockers.watchNodes() && !maxNotReady.isEmpty()) {
            throw new IllegalArgumentException("kreboot.max-not-ready needs kreboot.watch-nodes=true");
        }
        for (int i = 1; i < budgets.size(); i++) {
            if (budgets.get(i).grouped() && !blockers.watchNodes()) {
                throw new IllegalArgumentException(BUDGETS + (i - 1) + ".group-by needs kreboot.watch-nodes=true");
            }
        }
        Duration soak = duration(p, "kreboot.soak-time");
        Policy policy = new Policy(budgets, window, duration(p, "kreboot.drain-window-margin"), blockers.any(),
                blockers.period().multipliedBy(3),
                maxNotReady.isEmpty() ? null : Budget.parse("kreboot.max-not-ready", maxNotReady),
                new Policy.Deadlines(duration(p, "kreboot.drain-deadline"), duration(p, "kreboot.reboot-deadline"),
                        duration(p, "kreboot.ready-deadline")),
                soak, !blockers.healthQuery().isEmpty(), bool(p, "kreboot.canary"),
                nonNegativeInt(p, "kreboot.max-consecutive-failures"), bool(p, "kreboot.dry-run"));
        return new CoordinatorSettings(
                required(p, "kreboot.cluster"),
                p.getOrDefault("kreboot.instance", System.getenv().getOrDefault("HOSTNAME", "local")),
                p.get("kreboot.topic-prefix"),
                required(p, "kafka.bootstrap.servers"),
                bool(p, "kreboot.create-topics"),
                positiveInt(p, "kreboot.command-partitions"),
                concurrency, policy, blockers);
    }

    private static Blockers blockers(Map<String, String> p) {
        String url = p.get("kreboot.prometheus-url").strip();
        if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("kreboot.prometheus-url must be an http(s) URL, got '" + url + "'");
        }
        String regexp = p.get("kreboot.alert-filter-regexp");
        Pattern filter = null;
        if (!regexp.isEmpty()) {
            try {
                filter = Pattern.compile(regexp);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("kreboot.alert-filter-regexp is not a regular expression: "
                        + e.getDescription(), e);
            }
        }
        List<String> selectors = new ArrayList<>();
        for (String s : p.get("kreboot.blocking-pod-selector").split(";")) {
            if (!s.isBlank()) {
                selectors.add(s.strip());
            }
        }
        String healthQuery = p.get("kreboot.health-query").strip();
        if (!healthQuery.isEmpty() && url.isEmpty()) {
            throw new IllegalArgumentException("kreboot.health-query needs kreboot.prometheus-url");
        }
        Duration period = duration(p, "kreboot.blocker-period");
        if (period.compareTo(Duration.ofSeconds(1)) < 0) {
            // Evaluations run on the runtime's 1 s tick: a shorter period would let verdicts (valid
            // for 3 periods) expire between two ticks and the nodes flap to BLOCKERS_NOT_EVALUATED.
            throw new IllegalArgumentException("kreboot.blocker-period must be at least 1s, not " + period);
        }
        return new Blockers(url, filter, bool(p, "kreboot.alert-filter-match-only"),
                bool(p, "kreboot.alert-firing-only"), p.get("kreboot.alert-node-label").strip(), selectors,
                bool(p, "kreboot.watch-nodes"), period, healthQuery);
    }

    private static List<Budget> budgets(Map<String, String> p) {
        List<Budget> budgets = new ArrayList<>();
        for (int i = 0; i < MAX_BUDGETS; i++) {
            String prefix = BUDGETS + i + ".";
            if (BUDGET_FIELDS.stream().noneMatch(f -> p.containsKey(prefix + f))) {
                break;
            }
            CronSchedule schedule = null;
            String cron = p.getOrDefault(prefix + "schedule", "").strip();
            if (!cron.isEmpty()) {
                Duration duration = duration(Map.of(prefix + "duration", p.getOrDefault(prefix + "duration", "")),
                        prefix + "duration");
                try {
                    schedule = new CronSchedule(cron, duration,
                            CronSchedule.zoneOf(prefix + "time-zone", p.getOrDefault(prefix + "time-zone", "UTC")),
                            dates(prefix + "exclude-dates", p.getOrDefault(prefix + "exclude-dates", "")));
                } catch (IllegalArgumentException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith(prefix)) {
                        throw e;
                    }
                    throw new IllegalArgumentException(prefix + "schedule/duration: " + e.getMessage(), e);
                }
            } else if (p.containsKey(prefix + "duration") || p.containsKey(prefix + "exclude-dates")) {
                throw new IllegalArgumentException(prefix + "schedule must be set with " + prefix + "duration or "
                        + prefix + "exclude-dates");
            }
            budgets.add(Budget.parse(prefix + "max", p.get(prefix + "max"), p.get(prefix + "group-by"), schedule));
        }
        return budgets;
    }

    private static Set<LocalDate> dates(String key, String text) {
        Set<LocalDate> dates = new HashSet<>();
        for (String d : text.split(",")) {
            if (!d.isBlank()) {
                try {
                    dates.add(LocalDate.parse(d.strip()));
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException(key + " must be dates like 2026-12-24, got '" + d + "'", e);
                }
            }
        }
        return dates;
    }

    private static Duration duration(Map<String, String> p, String key) {
        return Durations.parse(key, p.get(key));
    }

    private static String required(Map<String, String> p, String key) {
        String value = p.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
        return value.strip();
    }

    private static boolean bool(Map<String, String> p, String key) {
        String value = p.get(key).strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static int positiveInt(Map<String, String> p, String key) {
        int value = nonNegativeInt(p, key);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be a positive integer, got '" + p.get(key) + "'");
        }
        return value;
    }

    private static int nonNegativeInt(Map<String, String> p, String key) {
        try {
            int value = Integer.parseInt(p.get(key).strip());
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a non-negative integer, got '" + p.get(key) + "'", e);
        }
    }

    @Override
    public String toString() {
        return "cluster=" + cluster + " instance=" + instance + " topicPrefix='" + topicPrefix + "' bootstrap="
                + bootstrapServers + " createTopics=" + createTopics + " commandPartitions=" + commandPartitions
                + " budgets=" + policy.budgets() + " window=" + policy.window() + " drainMargin="
                + policy.drainMargin() + " deadlines=" + policy.deadlines() + " soak=" + policy.soak()
                + " maxNotReady=" + policy.maxNotReady() + " canary=" + policy.canary()
                + " maxConsecutiveFailures=" + policy.maxConsecutiveFailures() + " dryRun=" + policy.dryRun()
                + " prometheus=" + masked(blockers.prometheusUrl()) + " alertFilter=" + blockers.alertFilter()
                + " matchOnly=" + blockers.alertFilterMatchOnly() + " firingOnly=" + blockers.alertFiringOnly()
                + " alertNodeLabel='" + blockers.alertNodeLabel() + "' podSelectors=" + blockers.podSelectors()
                + " watchNodes=" + blockers.watchNodes() + " blockerPeriod=" + blockers.period()
                + " healthQuery='" + blockers.healthQuery() + "'";
    }

    /** Credentials in a URL ({@code https://user:secret@host}) are not logged. */
    static String masked(String url) {
        return url.replaceAll("//[^/@]+@", "//***@");
    }
}
