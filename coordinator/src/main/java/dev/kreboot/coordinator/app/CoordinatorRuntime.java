package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.Coordinator;
import dev.kreboot.coordinator.domain.Explanation;
import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.coordinator.domain.Phase;
import dev.kreboot.coordinator.domain.NodeRecord;
import dev.kreboot.coordinator.domain.Output;
import dev.kreboot.coordinator.kafka.RecordMapping;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.MetricNames;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.wire.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Coordinator} against Kafka on one thread.
 *
 * <ol>
 * <li>Start-up: read the compacted commands topic to its end and restore every node's newest
 *     command (grants survive a restart); then replay status and progress from the beginning.
 *     Nothing is granted until the replay reached the end offsets seen at start
 *     ({@link Input.CaughtUp}).</li>
 * <li>Then follow status, progress and control; every record becomes an input, every output
 *     is published and acknowledged before the next input is applied. A tick every second lets
 *     time-based rules act.</li>
 * <li>Ports ({@link CoordinatorPorts}) are consulted on this thread, their answers applied as
 *     inputs, so the domain stays replayable: Node facts once before {@link Input.CaughtUp} (so the
 *     first grants already count NotReady nodes) and every blocker period after; blockers every
 *     period for the cluster and the nodes waiting for a grant, and on every tick while a drained
 *     node waits for its pre-reboot check; the health query for nodes past their soak.</li>
 * </ol>
 * Single active instance only: fencing and a warm standby come with the HA runtime (Kafka
 * transactions), not in this class.
 */
public final class CoordinatorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final CoordinatorSettings settings;
    private final KafkaClients clients;
    private volatile dev.kreboot.schemas.signing.CommandSigner signer;
    private final Topics topics;
    private final WireFormat format;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Coordinator coordinator;
    private final RecordMapping mapping;
    private final CoordinatorPorts ports;
    private final AtomicReference<Map<String, NodeRecord>> view = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, Explanation>> explanations = new AtomicReference<>(Map.of());
    private Instant lastEvaluation = Instant.EPOCH;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /** A runtime without ports: no blockers, no health query, no Node facts (the sandbox's shape). */
    public CoordinatorRuntime(CoordinatorSettings settings, KafkaClients clients, WireFormat format,
                              MeterRegistry metrics, Clock clock) {
        this(settings, clients, format, metrics, clock, CoordinatorPorts.none());
    }

    /**
     * With blockers configured in the settings but none passed here, every grant waits with
     * BLOCKERS_NOT_EVALUATED: failing closed is safer than ignoring a configured blocker.
     */
    public CoordinatorRuntime(CoordinatorSettings settings, KafkaClients clients, WireFormat format,
                              MeterRegistry metrics, Clock clock, CoordinatorPorts ports) {
        this.ports = ports;
        this.settings = settings;
        this.clients = clients;
        this.topics = Topics.withPrefix(settings.topicPrefix());
        this.format = format;
        this.metrics = metrics;
        this.clock = clock;
        this.coordinator = new Coordinator(settings.policy().withPorts(
                settings.policy().blockerChecks() || !ports.blockers().isEmpty(),
                settings.policy().healthQuery() || ports.health() != null));
        this.mapping = new RecordMapping(new Events(settings.cluster(), "coordinator", settings.instance()));
        this.thread = new Thread(this::run, "coordinator-" + settings.instance());
        this.thread.setDaemon(true);
        metrics.gauge(MetricNames.COORDINATOR_SLOTS_IN_USE, view,
                v -> v.get().values().stream().filter(n -> n.phase().holdsSlot()).count());
    }

    /**
     * Signs every command with this key before it is published (invariant 6: executors that hold
     * the public key act only on commands the coordinator produced). Call before {@link #start()}.
     */
    public CoordinatorRuntime signedBy(dev.kreboot.schemas.signing.CommandSigner commandSigner) {
        this.signer = commandSigner;
        return this;
    }

    public CoordinatorRuntime start() {
        if (settings.createTopics()) {
            TopicProvisioner.ensure(clients, topics.specs(settings.commandPartitions()), (short) 1);
        }
        thread.start();
        return this;
    }

    /** The latest state of every node, for views; safe from any thread. */
    public Map<String, NodeRecord> nodes() {
        return view.get();
    }

    /** Every known node's phase and reasons, as of the last tick; safe from any thread. */
    public Map<String, Explanation> explanations() {
        return explanations.get();
    }

    private void run() {
        try (KafkaProducer<String, byte[]> producer = clients.producer("coordinator-" + settings.instance())) {
            RecordSender sender = new RecordSender(producer, format, metrics);
            DeadLetters deadLetters = new DeadLetters(producer, format, topics.dlq(), "coordinator", metrics);
            restoreCommands(deadLetters, sender);
            follow(deadLetters, sender);
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("coordinator stopped", e);
            }
        }
    }

    private void restoreCommands(DeadLetters deadLetters, RecordSender sender) {
        Map<String, Input.CommandRestored> newest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> restore = clients.consumer("coordinator-restore-" + settings.instance(), null)) {
            List<TopicPartition> partitions = restore.partitionsFor(topics.commands()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            restore.assign(partitions);
            restore.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = restore.endOffsets(partitions);
            while (running && partitions.stream().anyMatch(tp -> restore.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : restore.poll(POLL)) {
                    deadLetters.decode(record).flatMap(mapping::restored).ifPresent(command ->
                            newest.merge(command.node(), command,
                                    (a, b) -> a.commandSeq() >= b.commandSeq() ? a : b));
                }
            }
        }
        for (Input.CommandRestored command : newest.values()) {
            apply(command, sender);
        }
        LOG.info("restored {} in-flight commands from {}", newest.size(), topics.commands());
    }

    private void follow(DeadLetters deadLetters, RecordSender sender) {
        consumer = clients.consumer("coordinator-" + settings.instance(), null);
        try {
            List<TopicPartition> inputs = new ArrayList<>(List.of(new TopicPartition(topics.nodeStatus(), 0),
                    new TopicPartition(topics.progress(), 0)));
            consumer.partitionsFor(topics.control())
                    .forEach(p -> inputs.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(inputs);
            consumer.seekToBeginning(inputs);
            Map<TopicPartition, Long> replayEnd = consumer.endOffsets(inputs);
            boolean caughtUp = false;
            Instant lastTick = clock.instant();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    SpecificRecord value = deadLetters.decode(record).orElse(null);
                    if (value != null) {
                        mapping.input(value).ifPresent(input -> apply(input, sender));
                    }
                }
                if (!caughtUp && inputs.stream().allMatch(tp -> consumer.position(tp) >= replayEnd.get(tp))) {
                    caughtUp = true;
                    observeNodes(sender);
                    LOG.info("replay done: granting slots from now on (budgets {})", settings.policy().budgets());
                    apply(new Input.CaughtUp(), sender);
                }
                Instant now = clock.instant();
                if (caughtUp && Duration.between(lastTick, now).compareTo(TICK) >= 0) {
                    lastTick = now;
                    consultPorts(sender);
                    apply(new Input.Tick(), sender);
                    explanations.set(coordinator.explainAll(clock.instant()));
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(Input input, RecordSender sender) {
        Instant now = clock.instant();
        List<Output> outputs = coordinator.apply(input, now);
        for (Output output : outputs) {
            publish(output, now, sender);
        }
        view.set(coordinator.nodes());
    }

    private void consultPorts(RecordSender sender) {
        Instant now = clock.instant();
        Map<String, NodeRecord> nodes = coordinator.nodes();
        boolean due = Duration.between(lastEvaluation, now).compareTo(settings.blockers().period()) >= 0;
        boolean drainedWaiting = nodes.values().stream().anyMatch(n -> n.phase() == Phase.DRAINED);
        if (due) {
            lastEvaluation = now;
            observeNodes(sender);
            checkHealth(nodes, sender);
        }
        if (due || drainedWaiting) {
            evaluateBlockers(nodes, now, sender);
        }
    }

    private void observeNodes(RecordSender sender) {
        if (ports.nodes() == null) {
            return;
        }
        List<Input.NodeObserved> observed;
        try {
            observed = ports.nodes().observe();
        } catch (RuntimeException e) {
            LOG.warn("could not list Nodes, keeping the last facts: {}", e.toString());
            return;
        }
        Map<String, Input.NodeObserved> known = coordinator.facts();
        Set<String> seen = new HashSet<>();
        for (Input.NodeObserved facts : observed) {
            seen.add(facts.node());
            if (!facts.equals(known.get(facts.node()))) {
                apply(facts, sender);
            }
        }
        for (Input.NodeObserved previous : known.values()) {
            if (!previous.deleted() && !seen.contains(previous.node())) {
                apply(new Input.NodeObserved(previous.node(), previous.labels(), false, false, true), sender);
            }
        }
    }

    private void evaluateBlockers(Map<String, NodeRecord> nodes, Instant now, RecordSender sender) {
        if (ports.blockers().isEmpty()) {
            return;
        }
        List<String> candidates = nodes.values().stream()
                .filter(n -> n.phase() == Phase.REQUESTED || n.phase() == Phase.DRAINED).map(NodeRecord::node).toList();
        List<BlockReason> cluster = new ArrayList<>();
        Map<String, List<BlockReason>> perNode = new LinkedHashMap<>();
        candidates.forEach(n -> perNode.put(n, new ArrayList<>()));
        for (Blocker blocker : ports.blockers()) {
            Blocker.Verdict verdict = blocker.evaluate(candidates);
            addNew(cluster, verdict.cluster());
            verdict.nodes().forEach((node, reasons) -> {
                if (perNode.containsKey(node)) {
                    addNew(perNode.get(node), reasons);
                }
            });
            if (!verdict.detail().isEmpty()) {
                LOG.debug("{}: {}", blocker.getClass().getSimpleName(), verdict.detail());
            }
        }
        apply(new Input.BlockersEvaluated(Input.BlockersEvaluated.CLUSTER, cluster, now), sender);
        perNode.forEach((node, reasons) -> apply(new Input.BlockersEvaluated(node, reasons, now), sender));
    }

    private static void addNew(List<BlockReason> into, List<BlockReason> reasons) {
        reasons.stream().filter(r -> !into.contains(r)).forEach(into::add);
    }

    private void checkHealth(Map<String, NodeRecord> nodes, RecordSender sender) {
        if (ports.health() == null) {
            return;
        }
        for (NodeRecord n : nodes.values()) {
            Instant soaked = n.backSince() == null ? null : n.backSince().plus(settings.policy().soak());
            if (soaked != null && !clock.instant().isBefore(soaked)) {
                Instant at = clock.instant();
                apply(new Input.HealthChecked(n.node(), ports.health().healthy(n.node()), at), sender);
            }
        }
    }

    private void publish(Output output, Instant now, RecordSender sender) {
        SpecificRecord record = mapping.record(output, now);
        dev.kreboot.schemas.signing.CommandSigner currentSigner = signer;
        if (currentSigner != null && !(output instanceof Output.Announce)) {
            record = currentSigner.sign(record);
        }
        String topic = output instanceof Output.Announce ? topics.decisions() : topics.commands();
        String node = RecordMapping.node(output);
        long backoff = 100;
        while (true) {
            try {
                sender.send(topic, node, record);
                break;
            } catch (IllegalStateException e) {
                // The state already moved on: the output must reach Kafka before anything else happens.
                if (!running) {
                    throw e;
                }
                LOG.warn("publishing {} for {} failed, retrying in {} ms: {}", record.getClass().getSimpleName(),
                        node, backoff, e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
        if (output instanceof Output.Announce announce) {
            metrics.counter(MetricNames.COORDINATOR_DECISIONS, "type", announce.kind().name()).increment();
            LOG.info("{} {} (slots {}/{}) {}", announce.kind(), announce.node(), announce.slotsInUse(),
                    announce.slotsAllowed(), announce.reasons());
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
