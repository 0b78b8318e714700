package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.BudgetStatus;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
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
 *     first grants already count NotReady nodes) and every blocker period after, and, when the
 *     source watches, each pushed change as soon as it arrives (it wakes the poll), so a node back
 *     Ready and uncordoned hands its slot on without waiting for a period; blockers every
 *     period for the cluster and the nodes waiting for a grant, and on every tick while a drained
 *     node waits for its pre-reboot check; the health query for nodes past their soak.</li>
 * </ol>
 * <p>High availability: only the replica its {@link LeadershipElector} names acts. Each time it
 * becomes leader it starts a <em>term</em>: a transactional producer with the cluster's FIXED
 * {@code transactional.id} calls {@code initTransactions()}, which fences every older producer of
 * that id (a stalled former leader) and aborts its open transaction; then the state is rebuilt from
 * Kafka (steps 1-2, on a fresh {@link Coordinator}). The outputs of one input (commands and
 * decisions) are written in ONE transaction, so {@code read_committed} readers see all or none of
 * them. A fenced producer ({@code ProducerFencedException}, {@code InvalidProducerEpochException})
 * or a lost election ends the term at once; any other write failure aborts the transaction and
 * starts a new term, rebuilding from Kafka: the outputs already applied in memory were never
 * visible, so they are decided again. Without an elector the runtime always leads.
 */
public final class CoordinatorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final CoordinatorSettings settings;
    private final KafkaClients clients;
    private volatile dev.kreboot.schemas.signing.CommandSigner signer;
    private volatile AnnouncementListener listener = a -> { };
    private final Topics topics;
    private final WireFormat format;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final LeadershipElector elector;
    private final String transactionalId;
    private final Object leadershipChanged = new Object();
    private volatile boolean leading;
    /** Times this replica was elected; a fenced replica waits for a new election before writing again. */
    private final java.util.concurrent.atomic.AtomicLong elections = new java.util.concurrent.atomic.AtomicLong();
    private long fencedInElection = -1;
    /** The current term replayed its history: phase changes from now on happen in real time. */
    private boolean caughtUp;
    private volatile boolean paused;
    private Coordinator coordinator;
    private KafkaProducer<String, byte[]> producer;
    private final RecordMapping mapping;
    private final CoordinatorPorts ports;
    private final PolicyInForce policies;
    private final AtomicReference<Map<String, NodeRecord>> view = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, Explanation>> explanations = new AtomicReference<>(Map.of());
    private final AtomicReference<List<BudgetStatus>> budgets = new AtomicReference<>(List.of());
    private final MultiGauge budgetInUse;
    private final MultiGauge budgetAllowed;
    private final MultiGauge phases;
    private final MultiGauge blocked;
    private Instant lastEvaluation = Instant.EPOCH;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** Node facts pushed by a watching {@link NodeSource}, newest per node, applied on the runtime thread. */
    private final java.util.concurrent.ConcurrentHashMap<String, Input.NodeObserved> nodeChanges =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Object wakeLock = new Object();
    /** The consumer may be woken from its poll: only set while a caught-up term polls, never mid-replay. */
    private boolean wakeable;

    /** A runtime without ports: no blockers, no health query, no Node facts (the sandbox's shape). */
    public CoordinatorRuntime(CoordinatorSettings settings, KafkaClients clients, WireFormat format,
                              MeterRegistry metrics, Clock clock) {
        this(settings, clients, format, metrics, clock, CoordinatorPorts.none());
    }

    public CoordinatorRuntime(CoordinatorSettings settings, KafkaClients clients, WireFormat format,
                              MeterRegistry metrics, Clock clock, CoordinatorPorts ports) {
        this(settings, clients, format, metrics, clock, ports, LeadershipElector.always());
    }

    /**
     * With blockers configured in the settings but none passed here, every grant waits with
     * BLOCKERS_NOT_EVALUATED: failing closed is safer than ignoring a configured blocker. Replicas
     * of one cluster and topic prefix share a {@code transactional.id}, so they must share an elector's
     * Lease too (or run one replica).
     */
    public CoordinatorRuntime(CoordinatorSettings settings, KafkaClients clients, WireFormat format,
                              MeterRegistry metrics, Clock clock, CoordinatorPorts ports, LeadershipElector elector) {
        this.elector = elector;
        this.transactionalId = "kreboot-coordinator-" + settings.topicPrefix() + settings.cluster();
        this.ports = ports;
        this.settings = settings;
        this.clients = clients;
        this.topics = Topics.withPrefix(settings.topicPrefix());
        this.format = format;
        this.metrics = metrics;
        this.clock = clock;
        this.policies = PolicyInForce.of(settings.policy(), ports, clock.instant());
        this.coordinator = new Coordinator(policies.policy());
        this.mapping = new RecordMapping(new Events(settings.cluster(), "coordinator", settings.instance()));
        this.thread = new Thread(this::run, "coordinator-" + settings.instance());
        this.thread.setDaemon(true);
        metrics.gauge(MetricNames.COORDINATOR_SLOTS_IN_USE, view,
                v -> v.get().values().stream().filter(n -> n.phase().holdsSlot()).count());
        metrics.gauge(CoordinatorMetrics.LEADER, this, r -> r.leading ? 1 : 0);
        budgetInUse = MultiGauge.builder(CoordinatorMetrics.BUDGET_IN_USE).register(metrics);
        budgetAllowed = MultiGauge.builder(CoordinatorMetrics.BUDGET_ALLOWED).register(metrics);
        phases = MultiGauge.builder(CoordinatorMetrics.NODES).register(metrics);
        blocked = MultiGauge.builder(CoordinatorMetrics.BLOCKED).register(metrics);
    }

    /** The policy in force (the environment's, or the RebootPolicy resource's when a watch offers one). */
    public PolicyInForce policies() {
        return policies;
    }

    /**
     * Signs every command with this key before it is published (invariant 6: executors that hold
     * the public key act only on commands the coordinator produced). Call before {@link #start()}.
     */
    public CoordinatorRuntime signedBy(dev.kreboot.schemas.signing.CommandSigner commandSigner) {
        this.signer = commandSigner;
        return this;
    }

    /**
     * Tells {@code announcementListener} every committed announcement (Kubernetes Events). Call
     * before {@link #start()}.
     */
    public CoordinatorRuntime announcingTo(AnnouncementListener announcementListener) {
        this.listener = announcementListener;
        return this;
    }

    public CoordinatorRuntime start() {
        if (settings.createTopics()) {
            TopicProvisioner.ensure(clients, topics.specs(settings.commandPartitions()), (short) 1);
        }
        if (ports.nodes() != null && ports.nodes().watch(this::nodeChanged)) {
            LOG.info("watching Nodes: a node back Ready frees its slot at once");
        }
        thread.start();
        elector.start(new LeadershipElector.Listener() {
            @Override
            public void gained() {
                elections.incrementAndGet();
                signalLeadershipChange();
            }

            @Override
            public void lost() {
                signalLeadershipChange();
            }
        });
        return this;
    }

    /** True while this replica leads and its producer has fenced every older one: it is the single writer. */
    public boolean leading() {
        return leading;
    }

    private void signalLeadershipChange() {
        synchronized (leadershipChanged) {
            leadershipChanged.notifyAll();
        }
    }

    private boolean mayLead() {
        return elector.isLeader() && elections.get() != fencedInElection;
    }

    private void awaitLeadership() {
        synchronized (leadershipChanged) {
            if (running && !mayLead()) {
                try {
                    leadershipChanged.wait(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /** The latest state of every node, for views; safe from any thread. */
    public Map<String, NodeRecord> nodes() {
        return view.get();
    }

    /** Paused by an operator or automatically, as of the last input; safe from any thread. */
    public boolean paused() {
        return paused;
    }

    /** Decide and announce only, send no command ({@code kreboot.dry-run}). */
    public boolean dryRun() {
        return policies.policy().dryRun();
    }

    /** Every budget and group with its slots in use and allowed, as of the last tick; safe from any thread. */
    public List<BudgetStatus> budgets() {
        return budgets.get();
    }

    /** Every known node's phase and reasons, as of the last tick; safe from any thread. */
    public Map<String, Explanation> explanations() {
        return explanations.get();
    }

    private void run() {
        // Dead letters are not part of any decision: a plain producer, outside the transactions.
        try (KafkaProducer<String, byte[]> plain = clients.producer("coordinator-dlq-" + settings.instance())) {
            DeadLetters deadLetters = new DeadLetters(plain, format, topics.dlq(), "coordinator", metrics);
            while (running) {
                if (!mayLead()) {
                    awaitLeadership();
                    continue;
                }
                long election = elections.get();
                try {
                    term(deadLetters);
                } catch (LostLeadership e) {
                    if (e.fenced) {
                        // Still elected in our own eyes, yet another replica fenced us: our view is stale.
                        fencedInElection = election;
                    }
                    LOG.warn("{}: lost leadership, stopped writing: {}", settings.instance(), e.getMessage());
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.error("coordinator term failed, rebuilding the state from Kafka", e);
                        sleep(1_000);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("coordinator stopped", e);
            }
        }
    }

    private void term(DeadLetters deadLetters) {
        coordinator = new Coordinator(policies.policy());
        caughtUp = false;
        lastEvaluation = Instant.EPOCH;
        producer = clients.with(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                        // A leader killed mid-transaction blocks read_committed readers until this passes
                        // (unless the next leader's initTransactions aborts it first).
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000,
                        // The next transaction's first send waits out CONCURRENT_TRANSACTIONS while the
                        // broker writes the previous commit's markers; the default 100 ms backoff would
                        // add that much to almost every decision.
                        ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5))
                .producer("coordinator-" + settings.instance());
        try {
            producer.initTransactions();
            leading = true;
            LOG.info("{}: leading as the single writer ({}), rebuilding the state from Kafka", settings.instance(),
                    transactionalId);
            restoreCommands(deadLetters);
            follow(deadLetters);
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new LostLeadership("fenced by a newer coordinator: " + e.getMessage(), true);
        } finally {
            leading = false;
            producer.close(Duration.ofSeconds(1));
        }
    }

    /** This replica must stop writing: another one leads. */
    private static final class LostLeadership extends RuntimeException {
        final boolean fenced;

        LostLeadership(String message, boolean fenced) {
            super(message, null, false, false);
            this.fenced = fenced;
        }
    }

    private void checkLeadership() {
        if (!elector.isLeader()) {
            throw new LostLeadership("the elector chose another replica", false);
        }
    }

    private void restoreCommands(DeadLetters deadLetters) {
        Map<String, Input.CommandRestored> newest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> restore = clients.consumer("coordinator-restore-" + settings.instance(), null)) {
            List<TopicPartition> partitions = restore.partitionsFor(topics.commands()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            restore.assign(partitions);
            restore.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = restore.endOffsets(partitions);
            while (running && partitions.stream().anyMatch(tp -> restore.position(tp) < end.get(tp))) {
                checkLeadership();
                for (ConsumerRecord<String, byte[]> record : restore.poll(POLL)) {
                    deadLetters.decode(record).flatMap(mapping::restored).ifPresent(command ->
                            newest.merge(command.node(), command,
                                    (a, b) -> a.commandSeq() >= b.commandSeq() ? a : b));
                }
            }
        }
        for (Input.CommandRestored command : newest.values()) {
            apply(command);
        }
        LOG.info("restored {} in-flight commands from {}", newest.size(), topics.commands());
    }

    private void follow(DeadLetters deadLetters) {
        // Each poll is decided once (Coordinator.applyAll): larger polls under a burst mean fewer passes.
        KafkaClients intake = clients.common().containsKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG) ? clients
                : clients.with(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        consumer = intake.consumer("coordinator-" + settings.instance(), null);
        try {
            List<TopicPartition> inputs = new ArrayList<>(List.of(new TopicPartition(topics.nodeStatus(), 0),
                    new TopicPartition(topics.progress(), 0)));
            consumer.partitionsFor(topics.control())
                    .forEach(p -> inputs.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(inputs);
            consumer.seekToBeginning(inputs);
            Map<TopicPartition, Long> replayEnd = consumer.endOffsets(inputs);
            caughtUp = false;
            Instant lastTick = clock.instant();
            while (running) {
                checkLeadership();
                List<Input> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : poll()) {
                    SpecificRecord value = deadLetters.decode(record).orElse(null);
                    if (value != null) {
                        mapping.input(value).ifPresent(batch::add);
                    }
                }
                if (!batch.isEmpty()) {
                    apply(batch);
                }
                if (!caughtUp && inputs.stream().allMatch(tp -> consumer.position(tp) >= replayEnd.get(tp))) {
                    caughtUp = true;
                    observeNodes();
                    LOG.info("replay done: granting slots from now on (budgets {})", policies.policy().budgets());
                    apply(new Input.CaughtUp());
                    setWakeable(true);
                }
                if (caughtUp) {
                    applyNodeChanges();
                }
                Instant now = clock.instant();
                if (caughtUp && Duration.between(lastTick, now).compareTo(TICK) >= 0) {
                    lastTick = now;
                    consultPorts();
                    apply(new Input.Tick());
                    refreshViews(clock.instant());
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            setWakeable(false);
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** One poll; a wake-up for pushed Node facts just ends it early. */
    private Iterable<ConsumerRecord<String, byte[]>> poll() {
        try {
            return consumer.poll(POLL);
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            if (!running) {
                throw e;
            }
            return List.of();
        }
    }

    private void setWakeable(boolean value) {
        synchronized (wakeLock) {
            wakeable = value;
        }
    }

    /** From the Node watch's thread: keep the newest facts and end the current poll so they apply now. */
    private void nodeChanged(Input.NodeObserved facts) {
        nodeChanges.put(facts.node(), facts);
        synchronized (wakeLock) {
            KafkaConsumer<String, byte[]> current = consumer;
            if (wakeable && current != null) {
                current.wakeup();
            }
        }
    }

    private void applyNodeChanges() {
        if (nodeChanges.isEmpty()) {
            return;
        }
        Map<String, Input.NodeObserved> known = coordinator.facts();
        List<Input> changed = new ArrayList<>();
        for (String node : List.copyOf(nodeChanges.keySet())) {
            Input.NodeObserved facts = nodeChanges.remove(node);
            Input.NodeObserved previous = known.get(node);
            boolean unknownDeletion = facts != null && facts.deleted() && (previous == null || previous.deleted());
            if (facts != null && !unknownDeletion && !facts.equals(previous)) {
                changed.add(facts);
            }
        }
        if (!changed.isEmpty()) {
            apply(changed);
        }
    }

    /** Time spent in each phase, recorded when a node leaves it (replayed history is not timed). */
    private void timePhases(Map<String, NodeRecord> before, Map<String, NodeRecord> after, Instant now) {
        after.forEach((node, n) -> {
            NodeRecord old = before.get(node);
            if (old != null && old.phase() != n.phase() && old.phaseSince() != null && !old.phaseSince().isAfter(now)) {
                Timer.builder(CoordinatorMetrics.PHASE_DURATION).tag("phase", old.phase().name())
                        .publishPercentileHistogram().register(metrics)
                        .record(Duration.between(old.phaseSince(), now));
            }
        });
    }

    /** Explanations, budgets and the gauges built from them, once per tick (explaining costs a grant pass). */
    private void refreshViews(Instant now) {
        Map<String, Explanation> all = coordinator.explainAll(now);
        explanations.set(all);
        List<BudgetStatus> status = coordinator.budgets(now);
        budgets.set(status);
        budgetInUse.register(status.stream().map(b -> MultiGauge.Row.of(budgetTags(b), b.inUse())).toList(), true);
        budgetAllowed.register(status.stream().map(b -> MultiGauge.Row.of(budgetTags(b), b.allowed())).toList(), true);
        Map<Phase, Long> perPhase = new java.util.EnumMap<>(Phase.class);
        Map<BlockReason, Long> perReason = new java.util.EnumMap<>(BlockReason.class);
        for (Phase p : Phase.values()) {
            perPhase.put(p, 0L);
        }
        for (Explanation e : all.values()) {
            perPhase.merge(e.phase(), 1L, Long::sum);
            e.reasons().forEach(r -> perReason.merge(r, 1L, Long::sum));
        }
        phases.register(perPhase.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("phase", e.getKey().name()), e.getValue())).toList(), true);
        blocked.register(perReason.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("reason", e.getKey().name()), e.getValue())).toList(), true);
    }

    private static Tags budgetTags(BudgetStatus b) {
        return Tags.of("budget", b.index() + ": " + b.budget(), "group", b.group());
    }

    private void apply(Input input) {
        apply(List.of(input));
    }

    /** One poll's inputs are decided together and their outputs committed in one transaction. */
    private void apply(List<Input> inputs) {
        Timer.Sample sample = Timer.start(metrics);
        Instant now = clock.instant();
        policies.putInForce(coordinator);
        List<Output> outputs = coordinator.applyAll(inputs, now);
        if (!outputs.isEmpty()) {
            publish(outputs, now);
        }
        Map<String, NodeRecord> before = view.get();
        Map<String, NodeRecord> after = coordinator.nodes();
        view.set(after);
        paused = coordinator.paused();
        if (caughtUp) {
            timePhases(before, after, now);
        }
        String kind = inputs.size() == 1 ? inputs.get(0).getClass().getSimpleName() : "Batch";
        sample.stop(metrics.timer(CoordinatorMetrics.DECISION_LATENCY, "input", kind,
                "published", Boolean.toString(!outputs.isEmpty())));
    }

    private void consultPorts() {
        Instant now = clock.instant();
        Map<String, NodeRecord> nodes = coordinator.nodes();
        boolean due = Duration.between(lastEvaluation, now).compareTo(settings.blockers().period()) >= 0;
        boolean drainedWaiting = nodes.values().stream().anyMatch(n -> n.phase() == Phase.DRAINED);
        if (due) {
            lastEvaluation = now;
            observeNodes();
            checkHealth(nodes);
        }
        if (due || drainedWaiting) {
            evaluateBlockers(nodes, now);
        }
    }

    private void observeNodes() {
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
        List<Input> changed = new ArrayList<>();
        for (Input.NodeObserved facts : observed) {
            seen.add(facts.node());
            if (!facts.equals(known.get(facts.node()))) {
                changed.add(facts);
            }
        }
        for (Input.NodeObserved previous : known.values()) {
            if (!previous.deleted() && !seen.contains(previous.node())) {
                changed.add(new Input.NodeObserved(previous.node(), previous.labels(), false, false, true));
            }
        }
        if (!changed.isEmpty()) {
            apply(changed);
        }
    }

    private void evaluateBlockers(Map<String, NodeRecord> nodes, Instant now) {
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
        // One decision pass over all verdicts instead of one per node.
        List<Input> verdicts = new ArrayList<>();
        verdicts.add(new Input.BlockersEvaluated(Input.BlockersEvaluated.CLUSTER, cluster, now));
        perNode.forEach((node, reasons) -> verdicts.add(new Input.BlockersEvaluated(node, reasons, now)));
        apply(verdicts);
    }

    private static void addNew(List<BlockReason> into, List<BlockReason> reasons) {
        reasons.stream().filter(r -> !into.contains(r)).forEach(into::add);
    }

    private void checkHealth(Map<String, NodeRecord> nodes) {
        if (ports.health() == null) {
            return;
        }
        List<Input> checked = new ArrayList<>();
        for (NodeRecord n : nodes.values()) {
            Instant soaked = n.backSince() == null ? null : n.backSince().plus(policies.policy().soak());
            if (soaked != null && !clock.instant().isBefore(soaked)) {
                Instant at = clock.instant();
                checked.add(new Input.HealthChecked(n.node(), ports.health().healthy(n.node()), at));
            }
        }
        if (!checked.isEmpty()) {
            apply(checked);
        }
    }

    /** Writes the outputs of one input in one transaction: readers see all of them or none. */
    private void publish(List<Output> outputs, Instant now) {
        try {
            producer.beginTransaction();
            for (Output output : outputs) {
                SpecificRecord record = mapping.record(output, now);
                dev.kreboot.schemas.signing.CommandSigner currentSigner = signer;
                if (currentSigner != null && !(output instanceof Output.Announce)) {
                    record = currentSigner.sign(record);
                }
                String topic = output instanceof Output.Announce ? topics.decisions() : topics.commands();
                producer.send(new ProducerRecord<>(topic, RecordMapping.node(output), format.encode(record)));
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            if (fenced(e)) {
                throw new LostLeadership("fenced by a newer coordinator: " + e.getMessage(), true);
            }
            try {
                producer.abortTransaction();
            } catch (KafkaException ignored) {
                // The term ends anyway; the next one starts with a new producer.
            }
            // The state already moved on in memory: only a rebuild from Kafka makes it match the topics again.
            throw new IllegalStateException("could not commit " + outputs.size() + " outputs: " + e, e);
        }
        for (Output output : outputs) {
            if (output instanceof Output.Announce announce) {
                metrics.counter(MetricNames.COORDINATOR_DECISIONS, "type", announce.kind().name()).increment();
                LOG.info("{} {} (slots {}/{}) {}", announce.kind(), announce.node(), announce.slotsInUse(),
                        announce.slotsAllowed(), announce.reasons());
                try {
                    listener.announced(announce);
                } catch (RuntimeException e) {
                    LOG.warn("announcement listener failed on {} {}: {}", announce.kind(), announce.node(),
                            e.toString());
                }
            }
        }
    }

    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
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
    /** Stops after the current transaction, then hands leadership over (the elector is closed too). */
    public void close() {
        running = false;
        signalLeadershipChange();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Released only now: a standby elected earlier would fence the last commit for nothing.
        elector.close();
        if (ports.nodes() != null) {
            ports.nodes().close();
        }
    }
}
