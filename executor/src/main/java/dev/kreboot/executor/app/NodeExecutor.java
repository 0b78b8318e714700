package dev.kreboot.executor.app;

import dev.kreboot.executor.config.ExecutorSettings;
import dev.kreboot.executor.domain.Command;
import dev.kreboot.executor.domain.CommandPlanner;
import dev.kreboot.executor.domain.Decision;
import dev.kreboot.executor.domain.ExecutorMemory;
import dev.kreboot.executor.domain.ExecutorReason;
import dev.kreboot.executor.domain.Finding;
import dev.kreboot.executor.domain.NodeChanges;
import dev.kreboot.executor.domain.NodeFacts;
import dev.kreboot.executor.domain.Trigger;
import dev.kreboot.executor.kubernetes.ApiRetry;
import dev.kreboot.executor.kubernetes.KubernetesCluster;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.ProgressPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out its own node's commands and reports each step. Everything runs on one worker thread
 * per executor ({@link ExecutorWorker}), so commands, resumes and activity steps never overlap.
 * This class decides; the worker and the {@link ActivityRunner} carry out.
 * <ol>
 *   <li>{@link #submit}: a command for another node is dropped with a log line; one the
 *       {@link CommandVerifier} refuses is reported COMMAND_REJECTED and otherwise ignored; one not newer than
 *       the newest seen is dropped; otherwise it becomes the newest and is decided on as a new
 *       command ({@link Trigger#COMMAND}): a command already handled (its sequence is at most the
 *       one recorded in memory or on the Node's {@code last-command-seq} annotation) is a replay
 *       and changes nothing.</li>
 *   <li>{@link #resume}: decide on the newest command again ({@link Trigger#RESUME}) against the
 *       host's current boot id, taking up what a previous process left unfinished.</li>
 *   <li>The decision ({@link CommandPlanner}) starts an activity, which replaces any running one:
 *       {@link DrainActivity}, {@link RebootActivity} or {@link ReturnActivity}. The
 *       {@link ActivityRunner} steps it on the worker on a timer (poll interval), never blocking
 *       it, and a failed step (say, the API server is unreachable) is retried after the poll
 *       interval.</li>
 *   <li>Progress goes through an {@link Outbox}: published in order, retried until stored; the
 *       steps an operator looks for also become Kubernetes Events on the Node ({@link NodeEvents}).</li>
 * </ol>
 */
public final class NodeExecutor implements CommandTarget, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeExecutor.class);
    private static final String SERVICE = "executor";

    private final ExecutorSettings settings;
    private final CommandVerifier verifier;
    private final String node;
    private final Cluster cluster;
    private final BootIdSource bootIds;
    private final Clock clock;
    private final Outbox outbox;
    private final Reports reports;
    private final Tools tools;
    private final ExecutorWorker worker;
    private final ActivityRunner activities;

    // Touched by the worker thread only.
    private Command newest;
    private long handledSeq = Long.MIN_VALUE;
    private ScheduledFuture<?> flushRetry;
    private String rebootIssuedFor;

    public NodeExecutor(ExecutorSettings settings, KubernetesClient client, Rebooter rebooter, BootIdSource bootIds,
                        ProgressSink sink, Clock clock) {
        this(settings, client, rebooter, bootIds, sink, clock, new SimpleMeterRegistry());
    }

    public NodeExecutor(ExecutorSettings settings, KubernetesClient client, Rebooter rebooter, BootIdSource bootIds,
                        ProgressSink sink, Clock clock, MeterRegistry metrics) {
        this(settings, new KubernetesCluster(client, metrics, settings.podFieldSelector(), ApiRetry.from(settings)), rebooter,
                bootIds, sink, clock, metrics);
    }

    public NodeExecutor(ExecutorSettings settings, Cluster cluster, Rebooter rebooter, BootIdSource bootIds,
                        ProgressSink sink, Clock clock, MeterRegistry metrics) {
        this(settings, cluster, rebooter, bootIds, sink, CommandVerifier.ACCEPT_ALL, clock, metrics);
    }

    public NodeExecutor(ExecutorSettings settings, KubernetesClient client, Rebooter rebooter, BootIdSource bootIds,
                        ProgressSink sink, CommandVerifier verifier, Clock clock, MeterRegistry metrics) {
        this(settings, new KubernetesCluster(client, metrics, settings.podFieldSelector(), ApiRetry.from(settings)), rebooter,
                bootIds, sink, verifier, clock, metrics);
    }

    /** @param verifier decides whether a command comes from the coordinator ({@link CommandVerifier#ACCEPT_ALL} when no signing keys are mounted) */
    public NodeExecutor(ExecutorSettings settings, Cluster cluster, Rebooter rebooter, BootIdSource bootIds,
                        ProgressSink sink, CommandVerifier verifier, Clock clock, MeterRegistry metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.node = settings.nodeName();
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.bootIds = Objects.requireNonNull(bootIds, "bootIds");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outbox = new Outbox(Objects.requireNonNull(sink, "sink"), metrics,
                new NodeEvents(cluster, node, settings.nodeEvents(), metrics));
        this.reports = new Reports(node, new Events(settings.cluster(), SERVICE, settings.instance()), bootIds, clock);
        this.tools = new Tools(node, settings, cluster, Objects.requireNonNull(rebooter, "rebooter"), bootIds, reports,
                outbox, clock, metrics, id -> rebootIssuedFor = id, this::resume);
        this.worker = new ExecutorWorker(node);
        this.activities = new ActivityRunner(node, worker, settings.pollInterval(), this::retryFlushIfNeeded);
    }

    /** Queues a DrainCommand or RebootCommand for this node; returns at once. */
    @Override
    public void submit(SpecificRecord record) {
        Command command;
        try {
            command = Commands.from(record);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: ignoring malformed command: {}", node, e.getMessage());
            return;
        }
        if (!command.node().equals(node)) {
            LOG.info("{}: ignoring {}: it is for node {}", node, command, command.node());
            return;
        }
        Optional<Finding> refusal = verifier.refusal(record);
        if (refusal.isPresent()) {
            worker.execute(() -> refuse(command, refusal.get()));
            return;
        }
        worker.execute(() -> onCommand(command));
    }

    /**
     * Puts on ({@code true}) or takes off the PreferNoSchedule taint of a node that needs a reboot
     * and waits for its slot (kured's {@code prefer-no-schedule-taint}); nothing when the taint is
     * not configured. The executor removes the taint itself whenever it hands the node back.
     * TODO: the executor does not see slot waits; something that follows {@code kreboot.decisions}
     * or the node's status (REBOOT_BLOCKED, or reboot required without SLOT_GRANTED) must call this.
     */
    public void awaitingSlot(boolean waiting) {
        worker.execute(() -> {
            try {
                cluster.apply(node, NodeChanges.waitingForSlot(settings.nodeMarks(), waiting));
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot {} the PreferNoSchedule taint: {}", node, waiting ? "add" : "remove", e.toString());
            }
        });
    }

    /** Queues a reconcile toward the newest command seen, against the host's current boot id. Idempotent. */
    @Override
    public void resume() {
        worker.execute(() -> reconcile(Trigger.RESUME));
    }

    /**
     * Completes once every {@link #submit} and {@link #resume} queued before it has been decided on
     * (the activities they started may still run).
     */
    public CompletableFuture<Void> processed() {
        return worker.processed();
    }

    @Override
    public void close() {
        worker.close();
    }

    /** A refused command is reported and otherwise ignored: it is not the newest and is not handled. */
    private void refuse(Command command, Finding finding) {
        LOG.warn("{}: refusing {}: {}", node, command, finding.message());
        outbox.emit(reports.of(command, ProgressPhase.COMMAND_REJECTED).setReasons(Reports.reasons(List.of(finding))).build());
        retryFlushIfNeeded();
    }

    private void onCommand(Command command) {
        if (newest != null && command.seq() <= newest.seq()) {
            LOG.info("{}: ignoring {}: not newer than {}", node, command, newest);
            return;
        }
        newest = command;
        reconcile(Trigger.COMMAND);
    }

    private void reconcile(Trigger trigger) {
        Command command = newest;
        if (command == null) {
            LOG.info("{}: no command seen yet; nothing to {}", node, trigger == Trigger.RESUME ? "resume" : "do");
            return;
        }
        Optional<NodeFacts> facts;
        String bootId;
        try {
            facts = cluster.node(node);
            bootId = bootIds.currentBootId();
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot read the node or boot id for {}, retrying in {}: {}", node, command,
                    settings.pollInterval(), e.toString());
            worker.later(() -> {
                if (newest == command) {
                    reconcile(trigger);
                }
            }, settings.pollInterval());
            return;
        }
        if (facts.isEmpty()) {
            rejectForMissingNode(command);
            return;
        }
        Decision decision = CommandPlanner.decide(command, facts.get(), memory(), trigger, bootId, clock.instant());
        if (decision instanceof Decision.Skip skip) {
            LOG.info("{}: {}", node, skip.why());
        } else if (decision instanceof Decision.Reject reject) {
            markHandled(command);
            // Recorded before the report, so whoever sees the rejection also sees it handled on the node.
            recordSeq(facts.get(), command);
            outbox.emit(reports.of(command, ProgressPhase.COMMAND_REJECTED)
                    .setReasons(Reports.reasons(List.of(reject.finding()))).build());
        } else if (decision instanceof Decision.Drain) {
            start(new DrainActivity(command, tools));
        } else if (decision instanceof Decision.Reboot) {
            start(new RebootActivity(command, tools));
        } else if (decision instanceof Decision.AwaitDown awaitDown) {
            start(RebootActivity.awaitingDown(command, tools, awaitDown.requestedAt()));
        } else if (decision instanceof Decision.AwaitReturn) {
            start(new ReturnActivity(command, tools));
        }
        retryFlushIfNeeded();
    }

    private void rejectForMissingNode(Command command) {
        if (command.seq() > handledSeq) {
            markHandled(command);
            outbox.emit(reports.of(command, ProgressPhase.COMMAND_REJECTED)
                    .setReasons(Reports.reasons(List.of(ExecutorReason.NODE_NOT_FOUND.because(node)))).build());
            retryFlushIfNeeded();
        } else {
            LOG.warn("{}: node not found while resuming {}", node, command);
        }
    }

    /** Best effort: if it fails, a restarted executor rejects the same command again, which is harmless. */
    private void recordSeq(NodeFacts facts, Command command) {
        try {
            cluster.apply(node, NodeChanges.recordSeq(facts, command.seq()));
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot record {} on the node: {}", node, command, e.toString());
        }
    }

    private ExecutorMemory memory() {
        Activity activity = activities.current();
        return new ExecutorMemory(handledSeq, activity == null ? null : activity.kind(),
                activity == null ? null : activity.command().rebootId(), rebootIssuedFor);
    }

    private void markHandled(Command command) {
        handledSeq = Math.max(handledSeq, command.seq());
    }

    private void start(Activity next) {
        markHandled(next.command());
        activities.start(next);
    }

    private void retryFlushIfNeeded() {
        if (outbox.isEmpty() || flushRetry != null) {
            return;
        }
        flushRetry = worker.later(() -> {
            flushRetry = null;
            outbox.flush();
            retryFlushIfNeeded();
        }, settings.evictionRetryInterval());
    }
}
