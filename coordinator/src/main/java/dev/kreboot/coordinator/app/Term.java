package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.schemas.kafka.DeadLetters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One term of leadership, on the runtime thread, from fencing to the end:
 * <ol>
 * <li>Fence: the term's {@link TransactionalPublisher} calls {@code initTransactions()}; only then
 *     does this replica count as leading.</li>
 * <li>Restore every node's newest command ({@link CommandRestore}) on a fresh {@code Coordinator}.</li>
 * <li>Replay status, progress and control from the beginning ({@link InputFeed}); each poll is one
 *     batch of inputs through the {@link DecisionStep}. Once the positions reach the end offsets seen
 *     at the start: observe the Nodes, apply {@link Input.CaughtUp} (nothing is granted before), let
 *     pushed Node changes wake the poll.</li>
 * <li>Then follow: each poll's records, pushed Node changes, and every second a tick that first
 *     consults the ports ({@link PortsSchedule}) and then refreshes the views.</li>
 * </ol>
 * The term ends with {@link Leadership.LostLeadership} (fenced, or the elector chose another replica),
 * with any other failure (the runtime starts a new term and rebuilds), or on close.
 */
final class Term {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final TermContext context;
    private final DeadLetters deadLetters;

    Term(TermContext context, DeadLetters deadLetters) {
        this.context = context;
        this.deadLetters = deadLetters;
    }

    void run() {
        TransactionalPublisher publisher = context.publishers().get();
        try {
            publisher.fenceOlderWriters();
            context.leadership().leading(true);
            LOG.info("{}: leading as the single writer ({}), rebuilding the state from Kafka",
                    context.settings().instance(), publisher.transactionalId());
            context.policies().advance();
            DecisionStep step = new DecisionStep(context.coordinators().get(), publisher, context);
            restoreCommands(step);
            follow(step, new PortsSchedule(context, step));
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new Leadership.LostLeadership("fenced by a newer coordinator: " + e.getMessage(), true);
        } finally {
            context.leadership().leading(false);
            publisher.close();
        }
    }

    private void restoreCommands(DecisionStep step) {
        Collection<Input.CommandRestored> newest = CommandRestore.newest(context.clients(),
                context.settings().instance(), context.topics().commands(), context.mapping(), deadLetters,
                context.running(), context.leadership());
        for (Input.CommandRestored command : newest) {
            step.apply(command);
        }
        LOG.info("restored {} in-flight commands from {}", newest.size(), context.topics().commands());
    }

    private void follow(DecisionStep step, PortsSchedule schedule) {
        InputFeed feed = context.feed();
        feed.open(context.clients(), context.settings().instance());
        try {
            feed.fromBeginning(context.topics());
            Instant lastTick = context.clock().instant();
            while (context.running().getAsBoolean()) {
                context.leadership().check();
                List<Input> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : feed.poll()) {
                    SpecificRecord value = deadLetters.decode(record).orElse(null);
                    if (value != null) {
                        context.mapping().input(value).ifPresent(batch::add);
                    }
                }
                if (!batch.isEmpty()) {
                    step.apply(batch);
                }
                if (!step.caughtUp() && feed.replayed()) {
                    step.replayDone();
                    schedule.observeNodes();
                    LOG.info("replay done: granting slots from now on (budgets {})",
                            context.policies().policy().budgets());
                    step.apply(new Input.CaughtUp());
                    feed.acceptWakeups();
                }
                if (step.caughtUp()) {
                    schedule.applyPushed();
                }
                Instant now = context.clock().instant();
                if (step.caughtUp() && Duration.between(lastTick, now).compareTo(TICK) >= 0) {
                    lastTick = now;
                    schedule.tick();
                    step.apply(new Input.Tick());
                    step.refreshViews(context.clock().instant());
                }
            }
        } catch (WakeupException e) {
            if (context.running().getAsBoolean()) {
                throw e;
            }
        } finally {
            feed.close();
        }
    }
}
