package dev.kreboot.sandbox;

import dev.kreboot.schemas.Topics;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar kreboot-sandbox.jar [options]}: kreboot's whole rollout on one machine. Exit
 * status 0 when every node that needed a reboot was rebooted exactly once and no invariant broke,
 * 1 otherwise, 2 on a bad command line (SANDBOX.md).
 */
public final class Sandbox {
    /** fabric8's mock server logs every request through java.util.logging; held so the level sticks. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private Sandbox() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(args);
        } catch (SandboxOptions.BadOption e) {
            err.println("kreboot-sandbox: " + e.getMessage());
            return 2;
        }
        out.printf("kreboot sandbox: scenario %s, %d nodes, %d need a reboot, concurrency %s, seed %d%s, wire format %s%n",
                options.scenario(), options.nodes(), options.needsReboot(), options.concurrency(), options.seed(),
                options.runs() > 1 ? ", " + options.runs() + " runs" : "", options.wireFormat());
        long started = System.currentTimeMillis();
        List<RunResult> results = new ArrayList<>();
        Hold hold = options.hold() ? Hold.untilShutdown() : null;
        boolean[] passed = {false};
        boolean[] finishedWhileHeld = {false};
        try {
            for (int i = 0; i < options.runs(); i++) {
                SandboxRun run = new SandboxRun(options, options.seed() + i, out);
                if (hold != null && i == options.runs() - 1) {
                    // The last run stops before closing anything: its result is complete, so the
                    // table, the report and the verdict come first, then everything stays up.
                    run.holdingAt((result, live) -> {
                        results.add(result);
                        printTable(result, out);
                        passed[0] = finish(options, results, started, out);
                        finishedWhileHeld[0] = true;
                        printHeld(live, options.wireFormat(), out);
                        hold.await();
                        out.println("--hold: stop requested: closing the services, the API server and the broker");
                    });
                }
                RunResult result = run.run();
                if (!finishedWhileHeld[0]) {
                    results.add(result);
                    printTable(result, out);
                }
            }
            if (!finishedWhileHeld[0]) {
                passed[0] = finish(options, results, started, out);
            } else {
                out.println("--hold: stopped cleanly");
            }
        } finally {
            if (hold != null) {
                hold.closed();
            }
        }
        return passed[0] ? 0 : 1;
    }

    /** The bench figures, the report, the timeline and the verdict line; true when every run passed. */
    private static boolean finish(SandboxOptions options, List<RunResult> results, long started, PrintStream out)
            throws Exception {
        Map<String, Object> report = report(options, results, System.currentTimeMillis() - started);
        if (options.scenario().equals("bench")) {
            out.println("bench: measuring the coordinator's full resync of 5,000 nodes through the broker ...");
            report.put("coordinatorThroughput", benchCoordinator(options));
            out.println("bench: " + report.get("coordinatorThroughput"));
        }
        if (options.report() != null) {
            Files.writeString(options.report(), Json.write(report));
            out.println("report written to " + options.report());
            if (options.scenario().equals("bench")) {
                java.nio.file.Path summary = options.report().resolveSibling(
                        options.report().getFileName().toString().replaceAll("\\.json$", "") + ".md");
                Files.writeString(summary, BenchSummary.markdown(options, report));
                out.println("summary written to " + summary);
            }
        }
        if (options.timeline() != null) {
            RunResult last = results.get(results.size() - 1);
            Files.writeString(options.timeline(), Timeline.html(String.format(
                    "kreboot rollout: %s, %d nodes, %d needing a reboot, budget %d, seed %d", last.scenario(),
                    last.nodes(), last.nodesRequiringReboot(), last.concurrencyLimit(), last.seed()),
                    last.bars(), last.concurrencyLimit()));
            out.println("timeline written to " + options.timeline());
        }
        boolean passed = results.stream().allMatch(RunResult::passed);
        out.println(passed ? "PASSED: every node that needed a reboot ended as the scenario expects ("
                + ("pdb-blocks".equals(options.scenario()) ? "the PDB-blocked node reported and restored, the others "
                : "") + "rebooted exactly once), no invariant broke"
                : "FAILED: " + results.stream().flatMap(r -> r.invariantViolations().stream()).toList());
        return passed;
    }

    /**
     * What an outside client needs while the run holds: the bootstrap address, every topic with its
     * value types and the .avsc that defines them (schemas/README.md, schemas/asyncapi.yaml), and
     * the other endpoints still up.
     */
    static void printHeld(SandboxRun.Live live, String wireFormat, PrintStream out) {
        out.println("--hold: the broker, the API server and the services stay up until Ctrl-C (SIGINT) or SIGTERM");
        out.println("  Kafka bootstrap servers: " + live.bootstrapServers());
        Topics t = live.topics();
        Map<String, String> types = new LinkedHashMap<>();
        types.put(t.nodeStatus(), "NodeStatus");
        types.put(t.commands(), "DrainCommand, RebootCommand");
        types.put(t.progress(), "NodeProgress");
        types.put(t.decisions(), "Decision");
        types.put(t.control(), "Control");
        types.put(t.dlq(), "(undecodable records, original bytes)");
        types.forEach((topic, value) -> out.printf("  topic %-22s %s%n", topic, value));
        out.println("  keys: node name (UTF-8); values: Avro records of schemas/src/main/avro/*.avsc, "
                + ("registry".equals(wireFormat) ? "Confluent registry framing (00 + schema id)"
                : "single-object encoding (C3 01 + 8-byte schema fingerprint)"));
        out.println("  Kubernetes API server (fabric8 mock): " + live.apiServerUrl());
        out.println("  notification sink: " + live.webhookSink());
    }

    private static Map<String, Object> benchCoordinator(SandboxOptions options) throws Exception {
        dev.kreboot.schemas.wire.WireFormat format = dev.kreboot.schemas.registry.WireFormats.create(
                SandboxRun.wireSettings(options));
        if (options.externalBroker()) {
            return CoordinatorThroughput.measure(new dev.kreboot.schemas.kafka.KafkaClients(options.bootstrapServers(),
                    Map.of()), 5000, format);
        }
        try (dev.kreboot.schemas.testing.EmbeddedKafka broker = new dev.kreboot.schemas.testing.EmbeddedKafka().start()) {
            return CoordinatorThroughput.measure(new dev.kreboot.schemas.kafka.KafkaClients(broker.bootstrapServers(),
                    Map.of()), 5000, format);
        }
    }

    static void printTable(RunResult r, PrintStream out) {
        out.println();
        out.printf("%-10s %-7s %-8s %-10s %-11s %-10s %s%n", "node", "needed", "reboots", "drain ms", "reboot ms",
                "total ms", "result");
        for (RunResult.NodeRow row : r.rows()) {
            out.printf("%-10s %-7s %-8d %-10s %-11s %-10s %s%n", row.node(), row.needed() ? "yes" : "no", row.reboots(),
                    dash(row.drainMs()), dash(row.rebootMs()), dash(row.totalMs()), row.result());
        }
        out.printf("%nrebooted %d/%d, max concurrent %d (budget %d), notifications %d delivered %s, %d duplicates, "
                        + "rollout %s ms (ideal %d ms), seed %d%n", r.nodesRebooted(), r.nodesRequiringReboot(),
                r.maxConcurrentObserved(), r.concurrencyLimit(), r.notificationsDelivered(), r.notificationsByChannel(),
                r.notificationDuplicates(), dash(r.finishedRolloutMs()), r.idealMs(), r.seed());
        r.faults().forEach(f -> out.println("fault injected: " + f));
        r.invariantViolations().forEach(v -> out.println("VIOLATION: " + v));
    }

    private static String dash(Long value) {
        return value == null ? "-" : value.toString();
    }

    static Map<String, Object> report(SandboxOptions options, List<RunResult> results, long durationMs) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", options.scenario());
        report.put("seed", options.seed());
        report.put("runs", results.size());
        report.put("nodes", sum(results, RunResult::nodes));
        report.put("nodesRequiringReboot", sum(results, RunResult::nodesRequiringReboot));
        report.put("nodesRebooted", sum(results, RunResult::nodesRebooted));
        Map<String, Integer> perNode = new TreeMap<>();
        results.forEach(r -> r.rebootsPerNode().forEach((node, count) -> perNode.merge(node, count, Integer::sum)));
        report.put("rebootsPerNode", perNode);
        report.put("concurrencyLimit", results.stream().mapToInt(RunResult::concurrencyLimit).max().orElse(0));
        report.put("maxConcurrentObserved", results.stream().mapToInt(RunResult::maxConcurrentObserved).max().orElse(0));
        report.put("invariantViolations", results.stream().flatMap(r -> r.invariantViolations().stream()).toList());
        report.put("stuckNodes", results.stream().flatMap(r -> r.stuckNodes().stream()).toList());
        report.put("faultsInjected", results.stream().flatMap(r -> r.faults().stream()
                .map(f -> "seed " + r.seed() + ": " + f)).toList());
        int delivered = sum(results, RunResult::notificationsDelivered);
        Map<String, Integer> byChannel = new TreeMap<>();
        results.forEach(r -> r.notificationsByChannel().forEach((c, n) -> byChannel.merge(c, n, Integer::sum)));
        Map<String, Object> notifications = new LinkedHashMap<>();
        notifications.put("delivered", delivered);
        notifications.put("duplicates", sum(results, RunResult::notificationDuplicates));
        notifications.put("byChannel", byChannel);
        report.put("notifications", notifications);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("detection", percentiles(results.stream().flatMap(r -> r.detectionMs().stream()).toList()));
        latency.put("handoff", percentiles(results.stream().flatMap(r -> r.handoffMs().stream()).toList()));
        report.put("latencyMs", latency);
        // One unfinished run leaves the rollout without an end: null, not a figure measured from zero.
        Long rollout = results.stream().anyMatch(r -> r.finishedRolloutMs() == null) ? null
                : results.stream().mapToLong(RunResult::rolloutMs).max().orElse(0);
        long ideal = results.stream().mapToLong(RunResult::idealMs).max().orElse(0);
        Map<String, Object> rolloutMap = new LinkedHashMap<>();
        rolloutMap.put("durationMs", rollout);
        rolloutMap.put("idealMs", ideal);
        rolloutMap.put("ratio", ideal == 0 || rollout == null ? null : (double) rollout / ideal);
        // How well the slots were kept busy, whatever the nodes' own speed: the rollout against the
        // nodes' slot time (grant to completion, summed) spread over the budget. 1.0 means a slot
        // never sat idle; kured's hourly lock has 1.49 with a 10 min cycle.
        results.stream().max(java.util.Comparator.comparingLong(RunResult::rolloutMs)).ifPresent(longest -> {
            long slotTime = longest.rows().stream().filter(RunResult.NodeRow::needed)
                    .map(RunResult.NodeRow::totalMs).filter(java.util.Objects::nonNull).mapToLong(Long::longValue).sum();
            // Unfinished: a node still holds its slot with no end, so the sum of the others is no slot time.
            rolloutMap.put("slotTimeMs", rollout == null ? null : slotTime);
            rolloutMap.put("packingRatio", slotTime == 0 || longest.concurrencyLimit() == 0 || rollout == null ? null
                    : Math.round(longest.rolloutMs() * 1000.0 / ((double) slotTime / longest.concurrencyLimit())) / 1000.0);
        });
        report.put("rollout", rolloutMap);
        Map<String, Object> failover = new LinkedHashMap<>();
        failover.put("nextGrantAfterMs", results.stream().map(RunResult::nextGrantAfterMs)
                .filter(java.util.Objects::nonNull).max(Long::compare).orElse(null));
        report.put("failover", failover);
        // All services share this JVM in the sandbox: its heap is the honest figure; per-service
        // figures need one process per service (the benchmark's job).
        long usedMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
        report.put("memoryMb", Map.of("sandboxJvmHeap", usedMb));
        report.put("wireFormat", options.wireFormat());
        if (options.registryUrl() != null) {
            report.put("registryUrl", options.registryUrl());
        }
        if (options.externalBroker()) {
            report.put("bootstrapServers", options.bootstrapServers());
        }
        // Where each run's records are: "" on the embedded broker (fresh per run), a per-run prefix
        // on an outside one.
        report.put("topicPrefix", results.isEmpty() ? "" : results.get(results.size() - 1).topicPrefix());
        report.put("topicPrefixes", results.stream().map(RunResult::topicPrefix).toList());
        report.put("durationMs", durationMs);
        return report;
    }

    private static Map<String, Object> percentiles(List<Long> values) {
        Map<String, Object> p = new LinkedHashMap<>();
        List<Long> sorted = values.stream().sorted().toList();
        p.put("samples", sorted.size());
        p.put("p50", sorted.isEmpty() ? null : sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1));
        p.put("p99", sorted.isEmpty() ? null : sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1));
        return p;
    }

    private static int sum(List<RunResult> results, java.util.function.ToIntFunction<RunResult> f) {
        return results.stream().mapToInt(f).sum();
    }

}
