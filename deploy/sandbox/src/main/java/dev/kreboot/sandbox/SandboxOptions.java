package dev.kreboot.sandbox;

import dev.kreboot.schemas.wire.WireSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sandbox's command line (SANDBOX.md is the contract: options are added, never renamed).
 * {@link #parse} throws {@link BadOption} naming the option; the sandbox exits 2 on it.
 */
public record SandboxOptions(int nodes, int needsReboot, String concurrency, String scenario, long drainMs,
                             long rebootMs, long readyMs, long seed, int runs, Path report, boolean quiet,
                             Path timeline, int kafkaPort, boolean hold, long timeoutMs, String wireFormat,
                             String registryUrl, String bootstrapServers) {

    /** Scenarios that stop and restart the embedded broker: they cannot run against an outside one. */
    static final Set<String> RESTART_THE_BROKER = Set.of("broker-restart", "chaos");

    /** Scenarios this build runs; the others of SANDBOX.md are refused with a clear message. */
    public static final Set<String> SCENARIOS = Set.of("happy", "pre-cordoned", "pdb-blocks", "executor-crash",
            "broker-restart", "never-returns", "alert-firing", "window-closed", "coordinator-failover", "chaos",
            "bench", "policy-change");
    static final Set<String> PLANNED = Set.of();

    /** A bad command line; the message names the option. */
    public static final class BadOption extends Exception {
        public BadOption(String message) {
            super(message);
        }
    }

    public static SandboxOptions parse(String... args) throws BadOption {
        int nodes = 5;
        int needs = 3;
        String concurrency = "1";
        String scenario = "happy";
        long drain = 300;
        long reboot = 500;
        long ready = 300;
        Long seed = null;
        int runs = 1;
        Path report = null;
        boolean quiet = false;
        Path timeline = null;
        int kafkaPort = 0;
        boolean hold = false;
        long timeout = 120_000;
        String wireFormat = "single-object";
        String registryUrl = null;
        String bootstrapServers = null;
        List<String> rest = new ArrayList<>(List.of(args));
        Set<String> given = new java.util.HashSet<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--nodes" -> nodes = positive(option, value(option, rest));
                case "--needs-reboot" -> needs = nonNegative(option, value(option, rest));
                case "--concurrency" -> concurrency = concurrency(option, value(option, rest));
                case "--scenario" -> scenario = scenario(option, value(option, rest));
                case "--drain-ms" -> drain = nonNegative(option, value(option, rest));
                case "--reboot-ms" -> reboot = nonNegative(option, value(option, rest));
                case "--ready-ms" -> ready = nonNegative(option, value(option, rest));
                case "--seed" -> seed = longValue(option, value(option, rest));
                case "--runs" -> runs = positive(option, value(option, rest));
                case "--report" -> report = Path.of(value(option, rest));
                case "--timeline" -> timeline = Path.of(value(option, rest));
                case "--kafka-port" -> kafkaPort = port(option, value(option, rest));
                case "--timeout-ms" -> timeout = positive(option, value(option, rest));
                case "--wire-format" -> wireFormat = wireFormat(option, value(option, rest));
                case "--registry-url" -> registryUrl = value(option, rest).strip();
                case "--bootstrap-servers" -> bootstrapServers = bootstrapServers(option, value(option, rest));
                case "--quiet" -> quiet = true;
                case "--hold" -> hold = true;
                case "--help", "-h" -> throw new BadOption(usage());
                default -> throw new BadOption("unknown option " + option + "\n" + usage());
            }
        }
        if (scenario.equals("bench")) {
            // Figures only: many nodes, zero-cost phases unless given, so the overhead shows.
            nodes = given.contains("--nodes") ? nodes : 100;
            needs = given.contains("--needs-reboot") ? needs : nodes;
            concurrency = given.contains("--concurrency") ? concurrency : "10";
            drain = given.contains("--drain-ms") ? drain : 0;
            reboot = given.contains("--reboot-ms") ? reboot : 0;
            ready = given.contains("--ready-ms") ? ready : 0;
            timeout = given.contains("--timeout-ms") ? timeout : 600_000;
        }
        if (scenario.equals("policy-change")) {
            // Enough queued nodes that the rollout outlasts every policy step.
            nodes = given.contains("--nodes") ? nodes : 8;
            needs = given.contains("--needs-reboot") ? needs : 6;
        }
        if (needs > nodes) {
            throw new BadOption("--needs-reboot (" + needs + ") cannot exceed --nodes (" + nodes + ")");
        }
        if (wireFormat.equals("registry") && registryUrl == null) {
            throw new BadOption("--wire-format registry needs --registry-url URL (the schema registry's base URL, "
                    + "e.g. http://127.0.0.1:8080)");
        }
        if (registryUrl != null) {
            try {
                WireSettings.from(Map.of(WireSettings.FORMAT, wireFormat, WireSettings.URL, registryUrl));
            } catch (IllegalArgumentException e) {
                throw new BadOption("--registry-url must be the registry's http(s) base URL, got '" + registryUrl
                        + "' (" + e.getMessage() + ")");
            }
        }
        if (bootstrapServers != null && RESTART_THE_BROKER.contains(scenario)) {
            throw new BadOption("--bootstrap-servers cannot be used with --scenario " + scenario
                    + ": it restarts the broker, which only the embedded one allows");
        }
        if (bootstrapServers != null && given.contains("--kafka-port")) {
            throw new BadOption("--kafka-port sets the embedded broker's port; it cannot be used with --bootstrap-servers");
        }
        return new SandboxOptions(nodes, needs, concurrency, scenario, drain, reboot, ready,
                seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000), runs, report, quiet,
                timeline, kafkaPort, hold, timeout, wireFormat, registryUrl, bootstrapServers);
    }

    /** {@code ceil(M / C) * (drain + reboot + ready)}: the rollout time with no waiting at all. */
    public long idealMs(int slots) {
        return (long) Math.ceil((double) needsReboot / Math.max(1, slots)) * (drainMs + rebootMs + readyMs);
    }

    static String usage() {
        return """
                usage: java -jar kreboot-sandbox.jar [options]
                  --nodes N            simulated nodes (5)
                  --needs-reboot M     nodes that need a reboot (3)
                  --concurrency C      global budget, a count or a percentage such as 20% (1)
                                       (bench: 100 nodes, all needing a reboot, budget 10, zero-cost phases;
                                        policy-change: 8 nodes, 6 needing a reboot)
                  --scenario NAME      happy | pre-cordoned | pdb-blocks | executor-crash | broker-restart |
                                       never-returns | alert-firing | window-closed |
                                       coordinator-failover | chaos | bench | policy-change (happy)
                  --drain-ms, --reboot-ms, --ready-ms   simulated phase durations (300, 500, 300)
                  --seed S             repeatable run (random, printed)
                  --runs K             repeat with seeds S, S+1, ... (1)
                  --report PATH        write the JSON report
                  --timeline PATH      write an HTML Gantt chart of every node's phases and the slots in use
                  --quiet              no live timeline, only the final table
                  --kafka-port P       the embedded broker's port (random)
                  --hold               keep the broker, the API server and the services up after the
                                       rollout until Ctrl-C or SIGTERM; prints the bootstrap address and
                                       every topic for an outside consumer
                  --timeout-ms T       give up on a run after T ms (120000)
                  --wire-format F      single-object | registry: what every service writes (single-object)
                  --registry-url URL   the schema registry's base URL (required with registry; the sandbox
                                       registers the schemas itself)
                  --bootstrap-servers HOST:PORT
                                       use this Kafka instead of the embedded broker (topics get a per-run
                                       prefix, printed and in the report; not with broker-restart or chaos)""";
    }

    private static String value(String option, List<String> rest) throws BadOption {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new BadOption(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int positive(String option, String text) throws BadOption {
        int value = (int) longValue(option, text);
        if (value < 1) {
            throw new BadOption(option + " must be at least 1, got " + text);
        }
        return value;
    }

    private static int nonNegative(String option, String text) throws BadOption {
        int value = (int) longValue(option, text);
        if (value < 0) {
            throw new BadOption(option + " must not be negative, got " + text);
        }
        return value;
    }

    private static int port(String option, String text) throws BadOption {
        int value = nonNegative(option, text);
        if (value > 65535) {
            throw new BadOption(option + " must be a TCP port (0-65535), got " + text);
        }
        return value;
    }

    private static long longValue(String option, String text) throws BadOption {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new BadOption(option + " must be a whole number, got '" + text + "'");
        }
    }

    private static String wireFormat(String option, String text) throws BadOption {
        if (text.equals("single-object") || text.equals("registry")) {
            return text;
        }
        throw new BadOption(option + " must be single-object or registry, got '" + text + "'");
    }

    private static String bootstrapServers(String option, String text) throws BadOption {
        if (!text.matches("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*")) {
            throw new BadOption(option + " must be HOST:PORT[,HOST:PORT...], got '" + text + "'");
        }
        return text;
    }

    /** Whether the run uses an outside broker (and so per-run topic prefixes). */
    public boolean externalBroker() {
        return bootstrapServers != null;
    }

    private static String concurrency(String option, String text) throws BadOption {
        if (!text.matches("[1-9][0-9]*%?") || (text.endsWith("%") && Integer.parseInt(text.replace("%", "")) > 100)) {
            throw new BadOption(option + " must be a positive count (2) or a percentage up to 100% (20%), got '" + text + "'");
        }
        return text;
    }

    private static String scenario(String option, String text) throws BadOption {
        if (SCENARIOS.contains(text)) {
            return text;
        }
        if (PLANNED.contains(text)) {
            throw new BadOption(option + " " + text + " is part of the sandbox contract but not available in this build yet; "
                    + "available: " + String.join(", ", new java.util.TreeSet<>(SCENARIOS)));
        }
        throw new BadOption(option + " must be one of " + String.join(", ", new java.util.TreeSet<>(SCENARIOS))
                + ", got '" + text + "'");
    }
}
