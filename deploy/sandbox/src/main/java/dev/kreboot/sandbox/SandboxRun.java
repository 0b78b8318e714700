package dev.kreboot.sandbox;

import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.config.PortsFactory;
import dev.kreboot.coordinator.kubernetes.LeaseElector;
import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.executor.app.CommandVerifier;
import dev.kreboot.executor.app.SignatureVerifier;
import dev.kreboot.executor.kafka.KafkaProgressSink;
import dev.kreboot.schemas.signing.CommandSigner;
import dev.kreboot.schemas.signing.SigningKeys;
import java.security.KeyPair;
import dev.kreboot.notifier.app.Notifier;
import dev.kreboot.notifier.app.InMemoryNotifierState;
import dev.kreboot.notifier.app.RateLimitedChannel;
import dev.kreboot.notifier.app.Route;
import dev.kreboot.notifier.app.Sleeper;
import dev.kreboot.notifier.config.RouteSettings;
import dev.kreboot.notifier.http.GrafanaChannel;
import dev.kreboot.notifier.domain.EventFilter;
import dev.kreboot.notifier.http.WebhookChannel;
import dev.kreboot.notifier.kafka.NotifierConsumer;
import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordPump;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.testing.EmbeddedKafka;
import dev.kreboot.schemas.registry.WireFormats;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import dev.kreboot.sensor.kafka.KafkaStatusSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * One run of one scenario: a real broker, the simulated cluster, every service as plain objects
 * sharing a producer, then the rollout, watched from the cluster side and the webhook sink.
 *
 * <ol>
 * <li>Start the broker, create the topics, seed the cluster, start the notifier (posting to a local
 *     sink), the coordinator, and per node a sensor and an executor.</li>
 * <li>Scenario set-up (pre-cordoned: an admin cordons one node that will need a reboot).</li>
 * <li>Write the sentinel on M nodes chosen by the seed, as unattended-upgrades would.</li>
 * <li>Wait until every one of them completed its reboot and every event reached the sink, or the
 *     deadline passed; then compute the result from the cluster, the hosts, the event log and the
 *     sink.</li>
 * </ol>
 */
final class SandboxRun {
    static final String CLUSTER = "sandbox";
    static final String SIGNING_KEY_ID = "sandbox";

    private final SandboxOptions options;
    private final long seed;
    private final PrintStream out;

    private final String topicPrefix;
    private HoldPoint holdPoint;

    /**
     * Where a run stops before closing anything when {@code --hold} asks for it: called with the
     * finished result and the addresses of what is still up; the run closes everything once it
     * returns.
     */
    @FunctionalInterface
    interface HoldPoint {
        void reached(RunResult result, Live live) throws Exception;
    }

    /** What an outside client can reach while a run holds. */
    record Live(String bootstrapServers, Topics topics, String apiServerUrl, java.net.URI webhookSink) {
    }

    SandboxRun(SandboxOptions options, long seed, PrintStream out) {
        this.options = options;
        this.seed = seed;
        this.out = out;
        // The embedded broker is fresh for every run; an outside one keeps earlier runs' topics.
        this.topicPrefix = options.externalBroker()
                ? "sandbox-" + seed + "-" + java.util.UUID.randomUUID().toString().substring(0, 6) + "." : "";
    }

    /**
     * The one wire format of the run, shared by every service and the sandbox's own readers; in
     * the registry format the services register the schemas themselves, as a sandbox may.
     */
    static WireSettings wireSettings(SandboxOptions options) {
        Map<String, String> wire = new HashMap<>();
        wire.put(WireSettings.FORMAT, options.wireFormat());
        if (options.registryUrl() != null) {
            wire.put(WireSettings.URL, options.registryUrl());
            wire.put(WireSettings.AUTO_REGISTER, "true");
        }
        return WireSettings.from(wire);
    }

    /** Makes the run call {@code point} after its result and before closing anything (--hold). */
    SandboxRun holdingAt(HoldPoint point) {
        this.holdPoint = point;
        return this;
    }

    RunResult run() throws Exception {
        long started = System.currentTimeMillis();
        Random random = new Random(seed);
        List<String> names = IntStream.rangeClosed(1, options.nodes()).mapToObj(i -> "node-" + i).toList();
        List<String> chosen = new ArrayList<>(names);
        Collections.shuffle(chosen, random);
        List<String> needing = chosen.subList(0, options.needsReboot()).stream().sorted().toList();
        int allowed = Budget.parse("--concurrency", options.concurrency()).allowed(options.nodes());

        Path hostsRoot = Files.createTempDirectory("kreboot-sandbox-hosts-");
        WireFormat format = WireFormats.create(wireSettings(options));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Clock clock = Clock.systemUTC();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("host-sim"));
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            EmbeddedKafka broker = null;
            String bootstrapServers;
            if (options.externalBroker()) {
                bootstrapServers = options.bootstrapServers();
                say("Kafka broker (outside, --bootstrap-servers) at " + bootstrapServers);
            } else {
                broker = new EmbeddedKafka(options.kafkaPort()).start();
                resources.add(broker);
                bootstrapServers = broker.bootstrapServers();
                say("Kafka broker (in-JVM KRaft) at " + bootstrapServers);
            }
            KafkaClients clients = new KafkaClients(bootstrapServers, Map.of());
            Topics topics = Topics.withPrefix(topicPrefix);
            TopicProvisioner.ensure(clients, topics.specs(3), (short) 1);
            say("topics " + topics.nodeStatus() + ", " + topics.commands() + ", " + topics.progress() + ", "
                    + topics.decisions() + " (prefix '" + topicPrefix + "'); wire format " + options.wireFormat()
                    + (options.registryUrl() != null ? ", schema registry " + options.registryUrl()
                    + " (the sandbox registers the schemas)" : ""));

            SimulatedCluster cluster = new SimulatedCluster(Duration.ofMillis(options.drainMs()));
            resources.add(0, cluster);
            cluster.seed(names);
            say("Kubernetes API server (fabric8, CRUD mode) with " + names.size() + " nodes, "
                    + "2 Deployments under PodDisruptionBudgets and a DaemonSet");

            KafkaProducer<String, byte[]> producer = clients.producer("sandbox-shared");
            resources.add(0, producer);
            RecordSender sender = new RecordSender(producer, format, metrics);
            Map<String, String> common = Map.of("kreboot.cluster", CLUSTER, "kafka.bootstrap.servers",
                    bootstrapServers, "kreboot.create-topics", "false", "kreboot.topic-prefix", topicPrefix);

            WebhookSink sink = new WebhookSink();
            resources.add(0, sink);
            Duration timeout = Duration.ofSeconds(5);
            Notifier notifier = new Notifier(List.of(
                    new Route(WebhookSink.WEBHOOK, new WebhookChannel(sink.url(WebhookSink.WEBHOOK), Map.of(), timeout),
                            EventFilter.all()),
                    // Slack allows about one message per second per webhook (the deployed default); the
                    // sandbox runs in accelerated time, so its Slack queue is spaced 50 ms.
                    new Route(WebhookSink.SLACK, new RateLimitedChannel(WebhookChannel.slack(sink.url(WebhookSink.SLACK),
                            null, null, timeout), Duration.ofMillis(50), clock, Sleeper.SYSTEM), EventFilter.all()),
                    new Route(WebhookSink.TEAMS, WebhookChannel.teams(sink.url(WebhookSink.TEAMS), timeout), EventFilter.all()),
                    new Route(WebhookSink.GRAFANA, new GrafanaChannel(sink.url(WebhookSink.GRAFANA), null, List.of(), null,
                            new InMemoryNotifierState(), WebhookSink.GRAFANA, timeout),
                            EventFilter.parse(RouteSettings.GRAFANA_EVENTS))), metrics, clock);
            resources.add(0, notifier);
            resources.add(0, new NotifierConsumer(clients, topics, topicPrefix + "kreboot-notifier", notifier, metrics,
                    format).start());

            ScenarioPlan plan = ScenarioPlan.of(options.scenario(), needing, random);
            PolicyChange policyChange = options.scenario().equals("policy-change")
                    ? new PolicyChange(cluster.client(), allowed, this::say) : null;
            if (policyChange != null) {
                resources.add(0, policyChange);
            }
            Map<String, String> coordinatorProps = new HashMap<>(common);
            coordinatorProps.put("kreboot.instance", "coordinator-0");
            coordinatorProps.put("kreboot.concurrency", options.concurrency());
            // The coordinator reads Node objects: a NotReady node counts against the budget whoever
            // took it down, which is also how the invariant monitor counts.
            coordinatorProps.put("kreboot.watch-nodes", "true");
            coordinatorProps.put("kreboot.blocker-period", "1s");
            SimulatedPrometheus prometheus = null;
            if (plan.alertFiring()) {
                prometheus = new SimulatedPrometheus();
                resources.add(0, prometheus);
                coordinatorProps.put("kreboot.prometheus-url", prometheus.url());
            }
            if (plan.neverReturns() != null) {
                coordinatorProps.put("kreboot.reboot-deadline", Math.max(3000, 5 * options.rebootMs()) + "ms");
            }
            // Commands are signed as in production: the coordinator holds the private key, every
            // executor only the public one, and acts only on what verifies.
            KeyPair signingKey = SigningKeys.generate();
            CommandVerifier verifier = new SignatureVerifier(new dev.kreboot.schemas.signing.CommandVerifier(
                    Map.of(SIGNING_KEY_ID, signingKey.getPublic())), clock);
            List<Replica> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.function.Function<String, CoordinatorRuntime> coordinatorNamed = instance -> {
                Map<String, String> props = new HashMap<>(coordinatorProps);
                props.put("kreboot.instance", instance);
                CoordinatorSettings settings = CoordinatorSettings.from(props);
                // With a failover to show, the replicas elect a leader on a Lease in the API server
                // (short timings: the sandbox runs in accelerated time); otherwise one always leads.
                LeaseElector elector = plan.coordinatorFailover() ? new LeaseElector(cluster.client(), "kube-system",
                        "kreboot-coordinator", instance, new LeaseElector.Timing(Duration.ofMillis(2000),
                        Duration.ofMillis(1500), Duration.ofMillis(300))) : null;
                CoordinatorRuntime built = new CoordinatorRuntime(settings, clients, format, metrics, clock,
                        PortsFactory.create(settings, metrics, cluster::client),
                        elector != null ? elector : dev.kreboot.coordinator.app.LeadershipElector.always())
                        .signedBy(new CommandSigner(signingKey.getPrivate(), SIGNING_KEY_ID));
                CoordinatorRuntime runtime = policyChange != null ? policyChange.govern(built, metrics, instance)
                        : built.start();
                replicas.add(new Replica(instance, runtime, elector));
                return runtime;
            };
            java.util.function.Supplier<CoordinatorRuntime> coordinator = () -> coordinatorNamed.apply("coordinator-0");
            if (plan.windowOpensAfterMs() == 0) {
                resources.add(0, coordinator.get());
                if (plan.coordinatorFailover()) {
                    resources.add(0, coordinatorNamed.apply("coordinator-1"));
                }
            }

            InvariantMonitor monitor = new InvariantMonitor(cluster.client(),
                    policyChange != null ? policyChange::allowed : () -> allowed, started);
            resources.add(0, monitor);
            EventLog log = new EventLog(clients, topics, format, options.quiet() ? null : out, started);
            resources.add(0, log);

            Map<String, SimulatedNode> nodes = new TreeMap<>();
            KafkaStatusSink statusSink = new KafkaStatusSink(sender, topics);
            KafkaProgressSink progressSink = new KafkaProgressSink(sender, topics);
            for (String name : names) {
                SimulatedNode node = new SimulatedNode(name, new SimulatedHost(name, hostsRoot.resolve(name)), cluster,
                        common, statusSink, progressSink, clock, scheduler, options.rebootMs(), options.readyMs(),
                        // Only the PDB-blocked node's drain is expected to time out; the others may wait on
                        // PodDisruptionBudgets they share with nodes draining at the same time.
                        name.equals(plan.pdbBlocked()) ? Math.max(3000, 5 * options.drainMs()) + "ms" : "60s", verifier,
                        name.equals(plan.neverReturns()));
                nodes.put(name, node);
                resources.add(0, node);
            }
            java.util.concurrent.atomic.AtomicInteger duplicated = new java.util.concurrent.atomic.AtomicInteger();
            resources.add(0, commandRouter(clients, topics, producer, format, metrics, nodes, plan,
                    new Random(seed ^ 0x5DEECE66DL), scheduler, duplicated));
            nodes.values().forEach(SimulatedNode::start);
            say("services up: coordinator (budget " + options.concurrency() + " = " + allowed + " slot(s)), notifier -> webhook, Slack, Teams and Grafana at "
                    + sink.url(WebhookSink.WEBHOOK).resolve("/") + ", " + names.size() + " sensors and executors");

            if (options.scenario().equals("chaos")) {
                say("chaos for seed " + seed + ":" + plan.describe());
            }
            if (plan.preCordoned() != null) {
                cluster.cordonByAdmin(plan.preCordoned());
                say("an admin cordoned " + plan.preCordoned() + " before it needed a reboot");
            }
            if (plan.pdbBlocked() != null) {
                cluster.addUnevictablePod(plan.pdbBlocked());
                say(plan.pdbBlocked() + " runs shop/db-0, whose PodDisruptionBudget allows no eviction");
            }
            String forgeryTarget = names.stream().filter(n -> !needing.contains(n)).findFirst().orElse(null);
            Faults faults = new Faults(plan, broker, nodes, log, sink,
                    forged -> sender.send(topics.commands(), ((DrainCommand) forged).getHeader().getNode(), forged),
                    forgeryTarget, this::say);
            resources.add(0, faults);
            // Every sensor has published its first status before the upgrades land.
            Waits.until(Duration.ofSeconds(30), "first status from every sensor", () -> names.stream().allMatch(n ->
                    !log.about(n, e -> e.value() instanceof NodeStatus).isEmpty()));

            long windowOpensAt = 0;
            if (plan.windowOpensAfterMs() > 0) {
                // kured's window syntax has whole seconds: open at the next second after the delay.
                java.time.LocalTime opens = java.time.LocalTime.now(java.time.ZoneOffset.UTC)
                        .plus(Duration.ofMillis(plan.windowOpensAfterMs() + 1000)).withNano(0);
                windowOpensAt = java.time.LocalDate.now(java.time.ZoneOffset.UTC).atTime(opens)
                        .toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
                if (windowOpensAt < System.currentTimeMillis()) {
                    windowOpensAt += Duration.ofDays(1).toMillis(); // just past midnight
                }
                coordinatorProps.put("kreboot.start-time", opens.toString().length() == 5 ? opens + ":00" : opens.toString());
                coordinatorProps.put("kreboot.end-time", opens.plusHours(1).toString().length() == 5
                        ? opens.plusHours(1) + ":00" : opens.plusHours(1).toString());
                coordinatorProps.put("kreboot.time-zone", "UTC");
                say("the reboot window opens at " + opens + " UTC (" + coordinatorProps.get("kreboot.start-time") + "-"
                        + coordinatorProps.get("kreboot.end-time") + ")");
                resources.add(0, coordinator.get());
            }
            if (prometheus != null) {
                prometheus.fire();
                say("Prometheus: alert KubeAPIErrorBudgetBurn is firing");
                SimulatedPrometheus firing = prometheus;
                java.util.function.Consumer<String> announce = this::say;
                scheduler.schedule(() -> {
                    firing.clear();
                    announce.accept("Prometheus: the alert cleared");
                }, 3000, TimeUnit.MILLISECONDS);
            }
            long rolloutStart = System.currentTimeMillis();
            say("unattended-upgrades wrote /var/run/reboot-required on " + String.join(", ", needing));
            for (String name : needing) {
                nodes.get(name).host().requireReboot();
            }

            faults.start();
            if (policyChange != null) {
                policyChange.drive(log);
            }
            long[] killedAt = {0};
            if (plan.coordinatorFailover()) {
                Thread killer = new Thread(() -> killLeader(log, replicas, killedAt), "fault-coordinator-failover");
                killer.setDaemon(true);
                killer.start();
            }
            // Done when every node ended as expected, the coordinator said the rollout is over (nothing
            // more is coming) and every event so far reached the webhook.
            // (A STUCK node keeps its slot, so a never-returns rollout has no ROLLOUT_FINISHED.)
            boolean finished = Waits.tryUntil(Duration.ofMillis(options.timeoutMs()), () ->
                    needing.stream().allMatch(n -> ended(log, n, plan, allowed))
                            && (plan.neverReturns() != null || othersWait(plan, allowed) || rolloutFinished(log))
                            && allNotified(log, sink, awaitedChannels()));
            long rolloutEnd = needing.stream().mapToLong(n -> completedAt(log, n)).max().orElse(rolloutStart);

            if (duplicated.get() > 0) {
                faults.record(duplicated.get() + " command(s) delivered twice, the copy up to 1.5 s late");
            }
            List<String> scenarioViolations = new ArrayList<>();
            long firstDrain = log.matching(e -> e.value() instanceof DrainCommand).stream()
                    .mapToLong(EventLog.Entry::timestampMs).min().orElse(Long.MAX_VALUE);
            if (prometheus != null && prometheus.clearedAtMs() > 0 && firstDrain < prometheus.clearedAtMs()) {
                scenarioViolations.add("a slot was granted " + (prometheus.clearedAtMs() - firstDrain)
                        + " ms before the firing alert cleared (seed " + seed + ")");
            }
            if (windowOpensAt > 0 && firstDrain < windowOpensAt) {
                scenarioViolations.add("a slot was granted " + (windowOpensAt - firstDrain)
                        + " ms before the reboot window opened (seed " + seed + ")");
            }
            Long nextGrantAfterMs = null;
            if (plan.coordinatorFailover()) {
                if (killedAt[0] == 0) {
                    scenarioViolations.add("coordinator-failover: the leader was never killed (seed " + seed + ")");
                } else {
                    faults.record("leader coordinator killed without releasing its Lease");
                    nextGrantAfterMs = log.matching(e -> e.value() instanceof DrainCommand && e.timestampMs() > killedAt[0])
                            .stream().mapToLong(e -> e.timestampMs() - killedAt[0]).min().stream().boxed().findFirst()
                            .orElse(null);
                }
                scenarioViolations.addAll(repeatedGrants(log, seed));
            }
            if (policyChange != null) {
                policyChange.awaitDriver(Duration.ofSeconds(30));
                policyChange.steps().forEach(faults::record);
                scenarioViolations.addAll(policyChange.problems());
                if (!policyChange.completed()) {
                    scenarioViolations.add("policy-change: the rollout ended before every policy step ran ("
                            + policyChange.steps() + "); give it more nodes or slower phases (seed " + seed + ")");
                }
            }
            scenarioViolations.forEach(faults::problem);
            // policy-change: the report's limit is the last budget in force (the monitor's), not the first.
            RunResult result = result(started, rolloutStart, rolloutEnd, finished, names, needing,
                    policyChange != null ? policyChange.allowed() : allowed, nodes, cluster, monitor,
                    log, sink, plan, faults, nextGrantAfterMs);
            if (holdPoint != null) {
                holdPoint.reached(result, new Live(bootstrapServers, topics, cluster.client().getMasterUrl().toString(),
                        sink.url(WebhookSink.WEBHOOK).resolve("/")));
            }
            return result;
        } finally {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // shutting down: nothing to save
                }
            }
            scheduler.shutdownNow();
            deleteQuietly(hostsRoot);
        }
    }

    /** The executors' command feed: one consumer for the whole topic, each command to its node. */
    /**
     * The executors' command feed: one consumer for the whole topic, each command to its node. With
     * a plan that duplicates commands, some are delivered a second time after a random delay, so a
     * stale copy may arrive after a newer command (a redelivery after a rebalance, reordered).
     */
    private static RecordPump commandRouter(KafkaClients clients, Topics topics, KafkaProducer<String, byte[]> producer,
                                            WireFormat format, SimpleMeterRegistry metrics,
                                            Map<String, SimulatedNode> nodes, ScenarioPlan plan, Random random,
                                            ScheduledExecutorService scheduler,
                                            java.util.concurrent.atomic.AtomicInteger duplicated) {
        KafkaConsumer<String, byte[]> consumer = clients.consumer("sandbox-executors", null);
        List<TopicPartition> partitions = consumer.partitionsFor(topics.commands()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        DeadLetters deadLetters = new DeadLetters(producer, format, topics.dlq(), "executor", metrics);
        return new RecordPump("executors", consumer, deadLetters, (raw, value) -> {
            SimulatedNode node = nodes.get(raw.key());
            if (node != null) {
                node.submit(value);
                if (random.nextDouble() < plan.duplicateCommands()) {
                    duplicated.incrementAndGet();
                    scheduler.schedule(() -> node.submit(value), random.nextInt(1500), TimeUnit.MILLISECONDS);
                }
            }
        }, false).start();
    }

    /** The node's episode is over as the scenario expects: completed, or (PDB-blocked) its drain failed. */
    private static boolean ended(EventLog log, String node, ScenarioPlan plan, int allowed) {
        if (node.equals(plan.neverReturns())) {
            return stuck(log).contains(node);
        }
        if (othersWait(plan, allowed)) {
            // The documented rules with a budget of 1: a STUCK node keeps the only slot; a node an
            // admin keeps cordoned is out for the budget (out for any reason counts). The others
            // wait (or went first, before the coordinator saw the cordon).
            return plan.neverReturns() != null ? stuck(log).contains(plan.neverReturns())
                    : completedAt(log, plan.preCordoned()) > 0 && (node.equals(plan.preCordoned())
                    || completedAt(log, node) > 0 || blocked(log, node));
        }
        if (node.equals(plan.pdbBlocked())) {
            return !log.about(node, e -> e.value() instanceof NodeProgress p
                    && p.getPhase() == ProgressPhase.DRAIN_FAILED).isEmpty();
        }
        return completedAt(log, node) > 0;
    }

    private static long completedAt(EventLog log, String node) {
        return log.about(node, e -> e.value() instanceof NodeProgress p
                && p.getPhase() == ProgressPhase.COMPLETED).stream().mapToLong(EventLog.Entry::timestampMs).min().orElse(0);
    }

    /** One coordinator replica, its runtime and its Lease elector (null when it always leads). */
    record Replica(String instance, CoordinatorRuntime runtime, LeaseElector elector) {
    }

    /** While a node drains, the leader stops renewing its Lease and dies without releasing it (a kill -9). */
    private void killLeader(EventLog log, List<Replica> replicas, long[] killedAt) {
        try {
            if (!Waits.tryUntil(Duration.ofSeconds(60), () -> !log.matching(e -> e.value() instanceof NodeProgress p
                    && p.getPhase() == ProgressPhase.CORDONED).isEmpty())) {
                return;
            }
            Replica leader = replicas.stream().filter(r -> r.runtime().leading()).findFirst().orElse(null);
            if (leader == null) {
                return;
            }
            say("FAULT: the leading coordinator " + leader.instance() + " is killed mid-drain (its Lease is not released)");
            leader.elector().abandon();
            leader.runtime().close();
            killedAt[0] = System.currentTimeMillis();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every rebootId is granted once and gets at most one Drain and one Reboot command. */
    private static List<String> repeatedGrants(EventLog log, long seed) {
        List<String> problems = new ArrayList<>();
        Map<String, Long> drains = log.matching(e -> e.value() instanceof DrainCommand).stream().collect(
                java.util.stream.Collectors.groupingBy(e -> ((DrainCommand) e.value()).getHeader().getRebootId(),
                        java.util.stream.Collectors.counting()));
        Map<String, Long> grants = log.matching(e -> e.value() instanceof Decision d && d.getType() == DecisionType.SLOT_GRANTED)
                .stream().collect(java.util.stream.Collectors.groupingBy(e -> ((Decision) e.value()).getHeader().getRebootId(),
                        java.util.stream.Collectors.counting()));
        drains.forEach((rebootId, n) -> {
            if (n > 1) {
                problems.add("reboot " + rebootId + " got " + n + " Drain commands (seed " + seed + ")");
            }
        });
        grants.forEach((rebootId, n) -> {
            if (n > 1) {
                problems.add("reboot " + rebootId + " was granted " + n + " times (seed " + seed + ")");
            }
        });
        return problems;
    }

    /** Whether a scenario's node keeps the budget's only slot, so the other nodes are expected to wait. */
    static boolean othersWait(ScenarioPlan plan, int allowed) {
        return allowed == 1 && (plan.neverReturns() != null || plan.preCordoned() != null);
    }

    private static boolean blocked(EventLog log, String node) {
        return !log.about(node, e -> e.value() instanceof Decision d
                && d.getType() == DecisionType.REBOOT_BLOCKED).isEmpty();
    }

    private static List<String> stuck(EventLog log) {
        return log.matching(e -> e.value() instanceof Decision d && d.getType() == DecisionType.NODE_STUCK).stream()
                .map(EventLog.Entry::node).distinct().sorted().toList();
    }

    private static boolean rolloutFinished(EventLog log) {
        long lastEnd = log.matching(e -> e.value() instanceof NodeProgress p && (p.getPhase() == ProgressPhase.COMPLETED
                || p.getPhase() == ProgressPhase.DRAIN_FAILED)).stream().mapToLong(EventLog.Entry::timestampMs).max().orElse(0);
        return log.matching(e -> e.value() instanceof Decision d && d.getType() == DecisionType.ROLLOUT_FINISHED
                && e.timestampMs() >= lastEnd).size() > 0;
    }

    /**
     * The channels a run waits for and checks. The bench measures the coordinator, not Slack's
     * pacing (50 ms a message here, 17 events per node): it waits for the unpaced webhook only and
     * reports what the others delivered by then.
     */
    private List<String> awaitedChannels() {
        return options.scenario().equals("bench") ? List.of(WebhookSink.WEBHOOK) : ALL_EVENT_CHANNELS;
    }

    private static boolean allNotified(EventLog log, WebhookSink sink, List<String> channels) {
        return notifiable(log).stream().allMatch(id -> channels.stream().allMatch(c -> sink.received(c, id)));
    }

    private static final List<String> ALL_EVENT_CHANNELS = List.of(WebhookSink.WEBHOOK, WebhookSink.SLACK, WebhookSink.TEAMS);

    private static List<String> notifiable(EventLog log) {
        return log.matching(e -> e.value() instanceof NodeProgress || e.value() instanceof Decision).stream()
                .map(e -> e.value() instanceof NodeProgress p ? p.getHeader().getEventId()
                        : ((Decision) e.value()).getHeader().getEventId())
                .toList();
    }

    private RunResult result(long started, long rolloutStart, long rolloutEnd, boolean finished, List<String> names,
                             List<String> needing, int allowed, Map<String, SimulatedNode> nodes,
                             SimulatedCluster cluster, InvariantMonitor monitor, EventLog log, WebhookSink sink,
                             ScenarioPlan plan, Faults faults, Long nextGrantAfterMs) throws InterruptedException {
        List<String> violations = new ArrayList<>(monitor.violations());
        Map<String, Integer> reboots = new TreeMap<>();
        List<RunResult.NodeRow> rows = new ArrayList<>();
        for (String name : names) {
            int count = nodes.get(name).host().reboots();
            boolean needed = needing.contains(name);
            if (count > 0 || needed) {
                reboots.put(name, count);
            }
            boolean holder = name.equals(plan.neverReturns()) || name.equals(plan.preCordoned());
            int expected = othersWait(plan, allowed) && !holder ? Math.min(count, 1) : plan.expectedReboots(name);
            if (needed && count != expected) {
                violations.add(name + " needed a reboot and was rebooted " + count + " time(s), expected "
                        + expected + " (seed " + seed + ")");
            }
            if (!needed && count > 0) {
                violations.add(name + " did not need a reboot but was rebooted " + count + " time(s) (seed " + seed + ")");
            }
            boolean cordoned = cluster.unschedulable(name);
            boolean shouldBeCordoned = plan.expectCordoned(name);
            if (cordoned != shouldBeCordoned) {
                violations.add(name + (cordoned ? " was left cordoned" : " lost its admin's cordon") + " (seed " + seed + ")");
            }
            if (name.equals(plan.pdbBlocked()) && !cluster.podExists(SimulatedCluster.NAMESPACE, "db-0")) {
                violations.add("the pod protected by a PodDisruptionBudget allowing no eviction was evicted (seed " + seed + ")");
            }
            if (!cluster.ready(name) && plan.expectReady(name)) {
                violations.add(name + " is not Ready at the end (seed " + seed + ")");
            }
            rows.add(row(name, needed, count, log));
        }
        // Late duplicates on the wire can still produce (ignored-as-duplicate) reports: let them settle.
        List<String> awaited = awaitedChannels();
        Waits.tryUntil(Duration.ofSeconds(15), () -> allNotified(log, sink, awaited));
        List<String> expected = notifiable(log);
        for (String channel : awaited) {
            long missing = expected.stream().filter(id -> !sink.received(channel, id)).count();
            if (missing > 0) {
                violations.add(missing + " of " + expected.size() + " events never reached " + channel + " (seed " + seed + ")");
            }
        }
        int regions = (int) log.matching(e -> e.value() instanceof NodeProgress p && p.getPhase() == ProgressPhase.CORDONED).size();
        int grafana = sink.byChannel().getOrDefault(WebhookSink.GRAFANA, 0);
        if (grafana < regions) {
            violations.add("Grafana got " + grafana + " annotation calls for " + regions + " reboot regions (seed " + seed + ")");
        }
        violations.addAll(faults.problems());
        if (!finished) {
            violations.add("the rollout did not finish within " + options.timeoutMs() + " ms (seed " + seed + ")");
        }
        log.undecodable().forEach(u -> violations.add("undecodable event " + u));

        Map<String, Long> detection = new LinkedHashMap<>();
        for (String name : needing) {
            long written = nodes.get(name).host().sentinelWrittenAtMs();
            log.about(name, e -> e.value() instanceof NodeStatus s && s.getRebootRequired())
                    .stream().mapToLong(EventLog.Entry::timestampMs).min()
                    .ifPresent(seen -> detection.put(name, Math.max(0, seen - written)));
        }
        return new RunResult(options.scenario(), seed, faults.injected(), names.size(), needing.size(),
                (int) reboots.values().stream().filter(c -> c > 0).count(), reboots, allowed, monitor.maxConcurrent(),
                violations, stuck(log), sink.delivered(), sink.byChannel(), sink.duplicates(), List.copyOf(detection.values()),
                handoffs(log, allowed), rolloutEnd - rolloutStart, options.idealMs(allowed),
                System.currentTimeMillis() - started, nextGrantAfterMs, rows,
                Timeline.bars(log, needing, rolloutStart, System.currentTimeMillis()), topicPrefix);
    }

    /** Drain commands after the first wave: each waited for the latest completion before it. */
    private static List<Long> handoffs(EventLog log, int allowed) {
        List<Long> drains = log.matching(e -> e.value() instanceof DrainCommand).stream()
                .map(EventLog.Entry::timestampMs).sorted().toList();
        List<Long> completions = log.matching(e -> e.value() instanceof NodeProgress p
                && (p.getPhase() == ProgressPhase.COMPLETED || p.getPhase() == ProgressPhase.DRAIN_FAILED))
                .stream().map(EventLog.Entry::timestampMs).sorted().toList();
        List<Long> result = new ArrayList<>();
        for (long drain : drains.subList(Math.min(allowed, drains.size()), drains.size())) {
            completions.stream().filter(c -> c <= drain).reduce((a, b) -> b).ifPresent(c -> result.add(drain - c));
        }
        return result;
    }

    private static RunResult.NodeRow row(String name, boolean needed, int reboots, EventLog log) {
        Map<ProgressPhase, Long> at = new HashMap<>();
        log.about(name, e -> e.value() instanceof NodeProgress).forEach(e ->
                at.putIfAbsent(((NodeProgress) e.value()).getPhase(), e.timestampMs()));
        long granted = log.about(name, e -> e.value() instanceof DrainCommand).stream()
                .mapToLong(EventLog.Entry::timestampMs).min().orElse(0);
        return new RunResult.NodeRow(name, needed, reboots,
                span(granted, at.get(ProgressPhase.DRAINED)),
                span(at.get(ProgressPhase.REBOOTING), at.get(ProgressPhase.COMPLETED)),
                span(granted, at.get(ProgressPhase.COMPLETED)),
                at.containsKey(ProgressPhase.COMPLETED) ? "completed" : needed ? "NOT COMPLETED" : "-");
    }

    private static Long span(Long from, Long to) {
        return from == null || to == null || from == 0 ? null : to - from;
    }

    private void say(String line) {
        if (!options.quiet()) {
            out.println("          " + line);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder: the OS cleans it eventually
        }
    }
}
