package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.domain.BudgetStatus;
import dev.kreboot.coordinator.domain.Coordinator;
import dev.kreboot.coordinator.domain.Explanation;
import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.coordinator.domain.NodeRecord;
import dev.kreboot.coordinator.kafka.RecordMapping;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.LoopThreads;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.signing.CommandSigner;
import dev.kreboot.schemas.wire.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * <p>Where each part lives: this class is the public face and the outer loop (wait to be elected,
 * run a term, start again). {@link Term} runs one term (steps 1-2 and the poll loop), restoring
 * through {@link CommandRestore} and reading through {@link InputFeed}; {@link DecisionStep} applies
 * every input and commits its outputs through {@link TransactionalPublisher}; {@link PortsSchedule}
 * consults the ports (step 3), fed by {@link PushedNodeChanges}; {@link Leadership} tracks elections
 * and fencing; {@link PublishedViews} holds what the HTTP API reads and {@link RuntimeMeters} the
 * gauges and timers.
 */
public final class CoordinatorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);

    private final CoordinatorSettings settings;
    private final KafkaClients clients;
    private volatile CommandSigner signer;
    private volatile AnnouncementListener listener = a -> { };
    private final Topics topics;
    private final WireFormat format;
    private final MeterRegistry metrics;
    private final Leadership leadership;
    private final String transactionalId;
    private final CoordinatorPorts ports;
    private final PublishedViews views = new PublishedViews();
    private final InputFeed feed;
    private final PushedNodeChanges pushed;
    private final PolicyInForce policies;
    private final TermContext context;
    private final Thread thread;
    private volatile boolean running = true;

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
        this.leadership = new Leadership(elector);
        this.transactionalId = "kreboot-coordinator-" + settings.topicPrefix() + settings.cluster();
        this.ports = ports;
        this.settings = settings;
        this.clients = clients;
        this.topics = Topics.withPrefix(settings.topicPrefix());
        this.format = format;
        this.metrics = metrics;
        this.feed = new InputFeed(() -> running);
        this.pushed = new PushedNodeChanges(feed::wakeForNodeChange);
        this.policies = PolicyInForce.of(settings.policy(), ports, clock.instant());
        RecordMapping mapping = new RecordMapping(new Events(settings.cluster(), "coordinator", settings.instance()));
        this.context = new TermContext(settings, clients, topics, mapping, clock, leadership, views,
                new RuntimeMeters(metrics, views, leadership), feed, pushed, policies, this::newCoordinator,
                () -> new TransactionalPublisher(clients, transactionalId, settings.instance(), mapping, topics,
                        format, metrics, () -> signer, () -> listener),
                () -> running);
        this.thread = new Thread(this::run, "coordinator-" + settings.instance());
        this.thread.setDaemon(true);
    }

    /** Each term's fresh state machine, deciding by the policy in force (which knows this runtime's ports). */
    private Coordinator newCoordinator() {
        return new Coordinator(policies.inUse().policy());
    }

    /** The policy in force (the environment's, or the RebootPolicy resource's when a watch offers one). */
    public PolicyInForce policies() {
        return policies;
    }

    /**
     * Signs every command with this key before it is published (invariant 6: executors that hold
     * the public key act only on commands the coordinator produced). Call before {@link #start()}.
     */
    public CoordinatorRuntime signedBy(CommandSigner commandSigner) {
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
        if (ports.nodes() != null && ports.nodes().watch(pushed::offer)) {
            LOG.info("watching Nodes: a node back Ready frees its slot at once");
        }
        thread.start();
        leadership.start();
        return this;
    }

    /** True while this replica leads and its producer has fenced every older one: it is the single writer. */
    public boolean leading() {
        return leadership.leading();
    }

    /** The latest state of every node, for views; safe from any thread. */
    public Map<String, NodeRecord> nodes() {
        return views.nodes();
    }

    /** Paused by an operator or automatically, as of the last input; safe from any thread. */
    public boolean paused() {
        return views.paused();
    }

    /** Decide and announce only, send no command ({@code kreboot.dry-run}). */
    public boolean dryRun() {
        return policies.policy().dryRun();
    }

    /** Every budget and group with its slots in use and allowed, as of the last tick; safe from any thread. */
    public List<BudgetStatus> budgets() {
        return views.budgets();
    }

    /** Every known node's phase and reasons, as of the last tick; safe from any thread. */
    public Map<String, Explanation> explanations() {
        return views.explanations();
    }

    /** The runtime thread: wait to be elected, run a term, and again until closed. */
    private void run() {
        // Dead letters are not part of any decision: a plain producer, outside the transactions.
        try (KafkaProducer<String, byte[]> plain = clients.producer("coordinator-dlq-" + settings.instance())) {
            DeadLetters deadLetters = new DeadLetters(plain, format, topics.dlq(), "coordinator", metrics);
            while (running) {
                if (!leadership.mayLead()) {
                    if (!leadership.awaitChange(() -> running)) {
                        running = false;
                    }
                    continue;
                }
                long election = leadership.election();
                try {
                    new Term(context, deadLetters).run();
                } catch (Leadership.LostLeadership e) {
                    if (e.fenced) {
                        // Still elected in our own eyes, yet another replica fenced us: our view is stale.
                        leadership.fencedIn(election);
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

    /** A pause before rebuilding after a failed term, so a broker that refuses everything is not hammered. */
    private void sleep(long millis) {
        if (!LoopThreads.pause(millis)) {
            running = false;
        }
    }

    @Override
    /** Stops after the current transaction, then hands leadership over (the elector is closed too). */
    public void close() {
        running = false;
        leadership.signal();
        feed.wakeForClose();
        LoopThreads.join(thread, 10_000);
        // Released only now: a standby elected earlier would fence the last commit for nothing.
        leadership.close();
        if (ports.nodes() != null) {
            ports.nodes().close();
        }
        policies.close();
    }
}
