package dev.kreboot.coordinator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.Explanation;
import dev.kreboot.coordinator.domain.Phase;
import dev.kreboot.schemas.Control;
import dev.kreboot.schemas.ControlAction;
import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.SensorMode;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.testing.TopicContents;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The coordinator against a real broker: grants, the Drain-Reboot sequence, and a restart that repeats nothing. */
class CoordinatorRuntimeIT {
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final Topics topics = Topics.withPrefix(prefix);
    private final KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
    private final SingleObjectWireFormat format = new SingleObjectWireFormat();
    private final Events sensorEvents = new Events("it", "node-sensor", "sensor-it");
    private final Events executorEvents = new Events("it", "executor", "executor-it");
    private final KafkaProducer<String, byte[]> producer = clients.producer("it");
    private final RecordSender sender = new RecordSender(producer, format, new SimpleMeterRegistry());
    private final List<SpecificRecord> commands = new CopyOnWriteArrayList<>();
    private final List<SpecificRecord> decisions = new CopyOnWriteArrayList<>();
    private CoordinatorRuntime runtime;

    private CoordinatorRuntime start() {
        return new CoordinatorRuntime(settings(), clients, format, new SimpleMeterRegistry(), Clock.systemUTC()).start();
    }

    private CoordinatorSettings settings() {
        return CoordinatorSettings.from(Map.of("kreboot.cluster", "it",
                "kreboot.instance", "coordinator-it", "kreboot.topic-prefix", prefix,
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(), "kreboot.command-partitions", "3",
                "kreboot.blocker-period", "1s"));
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        producer.close();
    }

    @Test
    void grantsOneSlotAtATimeAndSurvivesARestartWithoutRepeatingAGrant() throws Exception {
        runtime = start();
        status("node-a", 1, true, "boot-a1");
        status("node-b", 1, true, "boot-b1");
        DrainCommand first = (DrainCommand) awaitCommands(1).get(0);
        assertEquals("boot-" + first.getHeader().getNode().substring(5) + "1", first.getBootIdToLeave());
        String firstNode = first.getHeader().getNode();
        String rebootId = first.getHeader().getRebootId();
        String secondNode = firstNode.equals("node-a") ? "node-b" : "node-a";

        // Restart mid-drain: the grant is restored, not repeated, and the other node still waits.
        runtime.close();
        runtime = start();
        Await.until(Duration.ofSeconds(30), "restored state", () -> runtime.nodes().containsKey(secondNode));
        progress(firstNode, rebootId, ProgressPhase.DRAINED, "boot-x", null);
        RebootCommand reboot = (RebootCommand) awaitCommands(2).get(1);
        assertEquals(rebootId, reboot.getHeader().getRebootId());
        assertEquals(first.getBootIdToLeave(), reboot.getBootIdToLeave());
        assertTrue(reboot.getCommandSeq() > first.getCommandSeq());

        progress(firstNode, rebootId, ProgressPhase.COMPLETED, "boot-new", first.getBootIdToLeave());
        DrainCommand second = (DrainCommand) awaitCommands(3).get(2);
        assertEquals(secondNode, second.getHeader().getNode());
        assertEquals(3, commands.size(), "no command repeated: " + commands);

        List<DecisionType> types = awaitDecisions(DecisionType.SLOT_GRANTED, 2);
        assertTrue(types.contains(DecisionType.REBOOT_BLOCKED), "the waiting node was told why: " + types);
        assertTrue(types.contains(DecisionType.SLOT_RELEASED), types.toString());
        assertEquals(2, types.stream().filter(t -> t == DecisionType.SLOT_GRANTED).count(), types.toString());
    }

    @Test
    void waitsForBlockersToClearAndForAResumeBeforeTheReboot() {
        AtomicReference<List<BlockReason>> alerts = new AtomicReference<>(List.of(BlockReason.ALERTS_ACTIVE));
        Blocker blocker = nodes -> new Blocker.Verdict(alerts.get(), Map.of(), "");
        runtime = new CoordinatorRuntime(settings(), clients, format, new SimpleMeterRegistry(), Clock.systemUTC(),
                new CoordinatorPorts(List.of(blocker), null, null)).start();
        status("node-a", 1, true, "boot-a1");
        Await.until(Duration.ofSeconds(30), "node-a explained as blocked by alerts", () -> reasons("node-a")
                .contains(BlockReason.ALERTS_ACTIVE));
        assertTrue(runtime.nodes().get("node-a").phase() == Phase.REQUESTED, "blocked nodes hold no slot");

        control(ControlAction.PAUSE);
        alerts.set(List.of());
        Await.until(Duration.ofSeconds(30), "only the pause left", () -> reasons("node-a").equals(List.of(BlockReason.PAUSED)));
        control(ControlAction.RESUME);
        DrainCommand drain = (DrainCommand) awaitCommands(1).get(0);
        String rebootId = drain.getHeader().getRebootId();

        alerts.set(List.of(BlockReason.ALERTS_ACTIVE));
        progress("node-a", rebootId, ProgressPhase.DRAINED, "boot-a1", null);
        Await.until(Duration.ofSeconds(30), "the drained node waits for the alerts", () ->
                runtime.nodes().get("node-a").phase() == Phase.DRAINED && reasons("node-a").contains(BlockReason.ALERTS_ACTIVE));
        alerts.set(List.of());
        RebootCommand reboot = (RebootCommand) awaitCommands(2).get(1);
        assertEquals(rebootId, reboot.getHeader().getRebootId());
        List<DecisionType> types = awaitDecisions(DecisionType.RESUMED, 1);
        assertTrue(types.contains(DecisionType.PAUSED), types.toString());
        // Before the first evaluation the node is announced BLOCKERS_NOT_EVALUATED, then ALERTS_ACTIVE.
        dev.kreboot.schemas.Reason alert = decisions.stream().map(Decision.class::cast)
                .filter(d -> d.getType() == DecisionType.REBOOT_BLOCKED).flatMap(d -> d.getReasons().stream())
                .filter(r -> r.getCode().equals("ALERTS_ACTIVE")).findFirst().orElseThrow();
        assertEquals(BlockReason.ALERTS_ACTIVE.text(), alert.getMessage());
    }

    /**
     * A node cordoned and NotReady (an earlier reboot's last step, say) counts as out and fills the
     * budget of one. With a blocker period of an hour only the pushed change can free the slot, so
     * a grant within the await proves the push path.
     */
    @Test
    void aNodeBackReadyAndUncordonedHandsItsSlotOnWithoutWaitingForAPeriod() {
        java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<dev.kreboot.coordinator.domain.Input.NodeObserved>>
                push = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.ConcurrentHashMap<String, dev.kreboot.coordinator.domain.Input.NodeObserved> cluster =
                new java.util.concurrent.ConcurrentHashMap<>();
        cluster.put("node-a", new dev.kreboot.coordinator.domain.Input.NodeObserved("node-a", Map.of(), true, false, false));
        cluster.put("node-b", new dev.kreboot.coordinator.domain.Input.NodeObserved("node-b", Map.of(), false, true, false));
        NodeSource source = new NodeSource() {
            @Override
            public List<dev.kreboot.coordinator.domain.Input.NodeObserved> observe() {
                return List.copyOf(cluster.values());
            }

            @Override
            public boolean watch(java.util.function.Consumer<dev.kreboot.coordinator.domain.Input.NodeObserved> onChange) {
                push.set(onChange);
                return true;
            }
        };
        CoordinatorSettings slow = CoordinatorSettings.from(Map.of("kreboot.cluster", "it",
                "kreboot.instance", "coordinator-it", "kreboot.topic-prefix", prefix,
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(), "kreboot.watch-nodes", "true",
                "kreboot.blocker-period", "1h"));
        runtime = new CoordinatorRuntime(slow, clients, format, new SimpleMeterRegistry(), Clock.systemUTC(),
                new CoordinatorPorts(List.of(), null, source)).start();
        status("node-a", 1, true, "boot-a1");
        Await.until(Duration.ofSeconds(30), "node-a waits: node-b is out", () ->
                reasons("node-a").contains(BlockReason.BUDGET_EXHAUSTED));

        var back = new dev.kreboot.coordinator.domain.Input.NodeObserved("node-b", Map.of(), true, false, false);
        cluster.put("node-b", back);
        push.get().accept(back);
        DrainCommand drain = (DrainCommand) awaitCommands(1).get(0);
        assertEquals("node-a", drain.getHeader().getNode());
    }

    private List<BlockReason> reasons(String node) {
        Explanation e = runtime.explanations().get(node);
        return e == null ? List.of() : e.reasons();
    }

    private void control(ControlAction action) {
        sender.send(topics.control(), "*", Control.newBuilder()
                .setHeader(new Events("it", "operator", "it").header("*", null, Instant.now()))
                .setAction(action).setRequestedBy("it").build());
    }

    private void status(String node, long seq, boolean required, String boot) {
        sender.send(topics.nodeStatus(), node, NodeStatus.newBuilder()
                .setHeader(sensorEvents.header(node, null, Instant.now()))
                .setRebootRequired(required).setBootId(boot).setSensorMode(SensorMode.FILE).setSequence(seq).build());
    }

    private void progress(String node, String rebootId, ProgressPhase phase, String boot, String previousBoot) {
        sender.send(topics.progress(), node, NodeProgress.newBuilder()
                .setHeader(executorEvents.header(node, rebootId, Instant.now()))
                .setPhase(phase).setBootId(boot).setPreviousBootId(previousBoot).build());
    }

    private List<SpecificRecord> awaitCommands(int count) {
        readAll(topics.commands(), commands, count);
        return commands;
    }

    private List<DecisionType> awaitDecisions(DecisionType type, int count) {
        Await.until(Duration.ofSeconds(30), count + " x " + type, () -> {
            decisions.clear();
            readAll(topics.decisions(), decisions, 0);
            return decisions.stream().filter(d -> ((Decision) d).getType() == type).count() >= count;
        });
        return decisions.stream().map(d -> ((Decision) d).getType()).toList();
    }

    /** Replaces {@code into} with the topic's records, commands in command-sequence order. */
    private void readAll(String topic, List<SpecificRecord> into, int atLeast) {
        List<SpecificRecord> records = new java.util.ArrayList<>(TopicContents.read(clients, format, topic, atLeast));
        records.sort(java.util.Comparator.comparing(r -> r instanceof DrainCommand d ? d.getCommandSeq()
                : r instanceof RebootCommand c ? c.getCommandSeq() : 0L));
        into.clear();
        into.addAll(records);
    }
}
