package dev.kreboot.sandbox;

import dev.kreboot.executor.app.CommandVerifier;
import dev.kreboot.executor.app.SignatureVerifier;
import dev.kreboot.executor.kafka.KafkaProgressSink;
import dev.kreboot.notifier.app.InMemoryNotifierState;
import dev.kreboot.notifier.app.Notifier;
import dev.kreboot.notifier.app.RateLimitedChannel;
import dev.kreboot.notifier.app.Route;
import dev.kreboot.notifier.app.Sleeper;
import dev.kreboot.notifier.config.RouteSettings;
import dev.kreboot.notifier.domain.EventFilter;
import dev.kreboot.notifier.http.GrafanaChannel;
import dev.kreboot.notifier.http.WebhookChannel;
import dev.kreboot.notifier.kafka.NotifierConsumer;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.registry.WireFormats;
import dev.kreboot.schemas.signing.SigningKeys;
import dev.kreboot.schemas.testing.EmbeddedKafka;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.sensor.kafka.KafkaStatusSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Everything a run starts before the rollout, in start-up order, and closes in reverse order: the
 * broker (in-JVM KRaft, or an outside one), the topics, the Kubernetes API server with the seeded
 * cluster, one shared producer, the notifier posting to a local sink, Prometheus (alert-firing),
 * the coordinator replicas (not yet in window-closed: the window is set first), the invariant
 * monitor, the event log, and per node a sensor and an executor fed by the {@link CommandFeed}.
 * Commands are signed as in production: the coordinator holds the private key, every executor only
 * the public one, and acts only on what verifies.
 */
final class SandboxServices implements AutoCloseable {
    /** Closed newest first: a service goes before what it depends on. */
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final Path hostsRoot;
    private final ScheduledExecutorService scheduler;
    private final EmbeddedKafka broker;
    private final String bootstrapServers;
    private final Topics topics;
    private final SimulatedCluster cluster;
    private final RecordSender sender;
    private final WebhookSink sink;
    private final SimulatedPrometheus prometheus;
    private final CoordinatorReplicas coordinators;
    private final InvariantMonitor monitor;
    /** The policy-change scenario's driver, null in every other scenario. */
    private final PolicyChange policyChange;
    private final EventLog log;
    private final Map<String, SimulatedNode> nodes = new TreeMap<>();
    private final CommandFeed commandFeed;

    /**
     * Starts every service; on a failure closes what already started and rethrows.
     *
     * @param allowed   the budget in slots, for the invariant monitor
     * @param startedAt the run's start (epoch ms), the zero of the live timeline
     * @param timeline  where the event log prints the live timeline, null for none ({@code --quiet})
     * @param say       the run's narration (the set-up lines)
     */
    SandboxServices(SandboxOptions options, long seed, String topicPrefix, List<String> names, ScenarioPlan plan,
                    int allowed, long startedAt, PrintStream timeline, Consumer<String> say) throws Exception {
        this.hostsRoot = Files.createTempDirectory("kreboot-sandbox-hosts-");
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "host-sim");
            t.setDaemon(true);
            return t;
        });
        try {
            WireFormat format = WireFormats.create(SandboxRun.wireSettings(options));
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Clock clock = Clock.systemUTC();
            if (options.externalBroker()) {
                this.broker = null;
                this.bootstrapServers = options.bootstrapServers();
                say.accept("Kafka broker (outside, --bootstrap-servers) at " + bootstrapServers);
            } else {
                this.broker = own(new EmbeddedKafka(options.kafkaPort()).start());
                this.bootstrapServers = broker.bootstrapServers();
                say.accept("Kafka broker (in-JVM KRaft) at " + bootstrapServers);
            }
            KafkaClients clients = new KafkaClients(bootstrapServers, Map.of());
            this.topics = Topics.withPrefix(topicPrefix);
            TopicProvisioner.ensure(clients, topics.specs(3), (short) 1);
            say.accept("topics " + topics.nodeStatus() + ", " + topics.commands() + ", " + topics.progress() + ", "
                    + topics.decisions() + " (prefix '" + topicPrefix + "'); wire format " + options.wireFormat()
                    + (options.registryUrl() != null ? ", schema registry " + options.registryUrl()
                    + " (the sandbox registers the schemas)" : ""));

            this.cluster = own(new SimulatedCluster(Duration.ofMillis(options.drainMs())));
            cluster.seed(names);
            say.accept("Kubernetes API server (fabric8, CRUD mode) with " + names.size() + " nodes, "
                    + "2 Deployments under PodDisruptionBudgets and a DaemonSet");

            KafkaProducer<String, byte[]> producer = own(clients.producer("sandbox-shared"));
            this.sender = new RecordSender(producer, format, metrics);
            Map<String, String> common = Map.of("kreboot.cluster", SandboxRun.CLUSTER, "kafka.bootstrap.servers",
                    bootstrapServers, "kreboot.create-topics", "false", "kreboot.topic-prefix", topicPrefix);

            this.sink = own(new WebhookSink());
            Notifier notifier = own(notifier(sink, metrics, clock));
            own(new NotifierConsumer(clients, topics, topicPrefix + "kreboot-notifier", notifier, metrics, format).start());

            Map<String, String> coordinatorProps = new HashMap<>(common);
            coordinatorProps.put("kreboot.concurrency", options.concurrency());
            // The coordinator reads Node objects: a NotReady node counts against the budget whoever
            // took it down, which is also how the invariant monitor counts.
            coordinatorProps.put("kreboot.watch-nodes", "true");
            coordinatorProps.put("kreboot.blocker-period", "1s");
            if (plan.alertFiring()) {
                this.prometheus = own(new SimulatedPrometheus());
                coordinatorProps.put("kreboot.prometheus-url", prometheus.url());
            } else {
                this.prometheus = null;
            }
            if (plan.neverReturns() != null) {
                coordinatorProps.put("kreboot.reboot-deadline", Math.max(3000, 5 * options.rebootMs()) + "ms");
            }
            KeyPair signingKey = SigningKeys.generate();
            CommandVerifier verifier = new SignatureVerifier(new dev.kreboot.schemas.signing.CommandVerifier(
                    Map.of(SandboxRun.SIGNING_KEY_ID, signingKey.getPublic())), clock);
            this.policyChange = options.scenario().equals("policy-change")
                    ? own(new PolicyChange(cluster.client(), allowed, say)) : null;
            this.coordinators = new CoordinatorReplicas(coordinatorProps, plan.coordinatorFailover(), cluster, clients,
                    format, metrics, clock, signingKey.getPrivate(), this::own,
                    policyChange != null ? (runtime, instance) -> policyChange.govern(runtime, metrics, instance)
                            : (runtime, instance) -> runtime.start());
            if (plan.windowOpensAfterMs() == 0) {
                coordinators.start("coordinator-0");
                if (plan.coordinatorFailover()) {
                    coordinators.start("coordinator-1");
                }
            }

            this.monitor = own(new InvariantMonitor(cluster.client(),
                    policyChange != null ? policyChange::allowed : () -> allowed, startedAt));
            this.log = own(new EventLog(clients, topics, format, timeline, startedAt));

            KafkaStatusSink statusSink = new KafkaStatusSink(sender, topics);
            KafkaProgressSink progressSink = new KafkaProgressSink(sender, topics);
            for (String name : names) {
                SimulatedNode node = new SimulatedNode(name, new SimulatedHost(name, hostsRoot.resolve(name)), cluster,
                        common, statusSink, progressSink, clock, scheduler, options.rebootMs(), options.readyMs(),
                        // Only the PDB-blocked node's drain is expected to time out; the others may wait on
                        // PodDisruptionBudgets they share with nodes draining at the same time.
                        name.equals(plan.pdbBlocked()) ? Math.max(3000, 5 * options.drainMs()) + "ms" : "60s", verifier,
                        name.equals(plan.neverReturns()));
                nodes.put(name, own(node));
            }
            this.commandFeed = own(new CommandFeed(clients, topics, producer, format, metrics, nodes, plan,
                    new Random(seed ^ 0x5DEECE66DL), scheduler));
            nodes.values().forEach(SimulatedNode::start);
            say.accept("services up: coordinator (budget " + options.concurrency() + " = " + allowed + " slot(s)), notifier -> webhook, Slack, Teams and Grafana at "
                    + sink.url(WebhookSink.WEBHOOK).resolve("/") + ", " + names.size() + " sensors and executors");
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /**
     * The notifier with every channel kind the chart offers, each posting to the local sink. Slack
     * allows about one message per second per webhook (the deployed default); the sandbox runs in
     * accelerated time, so its Slack queue is spaced 50 ms.
     */
    private static Notifier notifier(WebhookSink sink, SimpleMeterRegistry metrics, Clock clock) {
        Duration timeout = Duration.ofSeconds(5);
        return new Notifier(List.of(
                new Route(WebhookSink.WEBHOOK, new WebhookChannel(sink.url(WebhookSink.WEBHOOK), Map.of(), timeout),
                        EventFilter.all()),
                new Route(WebhookSink.SLACK, new RateLimitedChannel(WebhookChannel.slack(sink.url(WebhookSink.SLACK),
                        null, null, timeout), Duration.ofMillis(50), clock, Sleeper.SYSTEM), EventFilter.all()),
                new Route(WebhookSink.TEAMS, WebhookChannel.teams(sink.url(WebhookSink.TEAMS), timeout), EventFilter.all()),
                new Route(WebhookSink.GRAFANA, new GrafanaChannel(sink.url(WebhookSink.GRAFANA), null, List.of(), null,
                        new InMemoryNotifierState(), WebhookSink.GRAFANA, timeout),
                        EventFilter.parse(RouteSettings.GRAFANA_EVENTS))), metrics, clock);
    }

    /** Closes {@code resource} with the run, before everything opened earlier. */
    <T extends AutoCloseable> T own(T resource) {
        open.push(resource);
        return resource;
    }

    /** The in-JVM broker, null with {@code --bootstrap-servers}. */
    EmbeddedKafka broker() {
        return broker;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Topics topics() {
        return topics;
    }

    SimulatedCluster cluster() {
        return cluster;
    }

    /** The shared producer's sender (the forged-command fault writes through it). */
    RecordSender sender() {
        return sender;
    }

    WebhookSink sink() {
        return sink;
    }

    /** Null unless the scenario fires an alert. */
    SimulatedPrometheus prometheus() {
        return prometheus;
    }

    /** The policy-change scenario's driver, or null. */
    PolicyChange policyChange() {
        return policyChange;
    }

    CoordinatorReplicas coordinators() {
        return coordinators;
    }

    InvariantMonitor monitor() {
        return monitor;
    }

    EventLog log() {
        return log;
    }

    /** By name, in name order. */
    Map<String, SimulatedNode> nodes() {
        return nodes;
    }

    CommandFeed commandFeed() {
        return commandFeed;
    }

    /** For delays that are part of a scenario (the alert clearing), on the hosts' scheduler. */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                // shutting down: nothing to save
            }
        }
        scheduler.shutdownNow();
        deleteQuietly(hostsRoot);
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder: the OS cleans it eventually
        }
    }
}
