package dev.kreboot.coordinator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.kubernetes.LeaseElector;
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
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.testing.TopicContents;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two coordinators share a Lease on a mock API server and one transactional id on the real broker.
 * The active one stalls mid-rollout and stops renewing without releasing (a hung process); the
 * standby takes over and finishes the rollout; the stale one wakes up, tries to write and is fenced.
 */
class CoordinatorFailoverIT {
    private static final LeaseElector.Timing FAST = new LeaseElector.Timing(Duration.ofSeconds(2),
            Duration.ofMillis(1500), Duration.ofMillis(250));
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final Topics topics = Topics.withPrefix(prefix);
    private final KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
    private final SingleObjectWireFormat format = new SingleObjectWireFormat();
    private final KafkaProducer<String, byte[]> producer = clients.producer("failover-it");
    private final RecordSender sender = new RecordSender(producer, format, new SimpleMeterRegistry());
    private final MockApi api = MockApi.start();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch wake = new CountDownLatch(1);
    private final SimpleMeterRegistry metricsB = new SimpleMeterRegistry();

    @AfterEach
    void stop() throws Exception {
        wake.countDown();
        for (AutoCloseable r : resources) {
            r.close();
        }
        producer.close();
        api.close();
    }

    @Test
    void standbyFinishesTheRolloutWithoutLosingOrRepeatingACommandAndTheStalledLeaderIsFenced() {
        AtomicBoolean stallA = new AtomicBoolean();
        CountDownLatch stalled = new CountDownLatch(1);
        LeaseElector electorA = elector("coordinator-a");
        CoordinatorRuntime a = runtime("coordinator-a", electorA, stallA, stalled);
        Await.until(Duration.ofSeconds(30), "a leads", a::leading);
        CoordinatorRuntime b = runtime("coordinator-b", elector("coordinator-b"), new AtomicBoolean(), new CountDownLatch(1));
        for (String node : List.of("node-a", "node-b", "node-c")) {
            status(node, "boot-" + node);
        }
        DrainCommand firstDrain = (DrainCommand) awaitCommands(1).get(0);
        String first = firstDrain.getHeader().getNode();
        assertFalse(b.leading(), "the standby does not write");

        // The leader hangs with a drain in progress and two nodes queued, and its Lease lapses.
        stallA.set(true);
        await(stalled);
        long lostAt = System.nanoTime();
        electorA.abandon();
        Await.until(Duration.ofSeconds(30), "b leads", b::leading);
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt);
        progress(first, firstDrain.getHeader().getRebootId(), ProgressPhase.DRAINED, "boot-" + first, null);
        awaitCommands(2);
        long nextCommandMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt);
        System.out.printf("failover: standby leading after %d ms, next command visible after %d ms%n",
                failoverMs, nextCommandMs);

        // The stale leader wakes up believing it leads, acts on the DRAINED report, and is fenced.
        wake.countDown();
        Await.until(Duration.ofSeconds(30), "a fenced", () -> !a.leading());
        Await.until(Duration.ofSeconds(30), "b still leads", b::leading);

        finish(first, firstDrain.getHeader().getRebootId());
        DrainCommand secondDrain = (DrainCommand) awaitCommands(3).get(2);
        progress(secondDrain.getHeader().getNode(), secondDrain.getHeader().getRebootId(), ProgressPhase.DRAINED,
                "boot-" + secondDrain.getHeader().getNode(), null);
        awaitCommands(4);
        finish(secondDrain.getHeader().getNode(), secondDrain.getHeader().getRebootId());
        DrainCommand thirdDrain = (DrainCommand) awaitCommands(5).get(4);
        progress(thirdDrain.getHeader().getNode(), thirdDrain.getHeader().getRebootId(), ProgressPhase.DRAINED,
                "boot-" + thirdDrain.getHeader().getNode(), null);

        List<SpecificRecord> commands = awaitCommands(6);
        assertEquals(6, commands.size(), "one Drain and one Reboot per node, nothing repeated: " + commands);
        Set<Long> seqs = new HashSet<>();
        Map<String, String> rebootIdOf = new HashMap<>();
        Set<String> rebootIds = new HashSet<>();
        for (SpecificRecord c : commands) {
            String node = c instanceof DrainCommand d ? d.getHeader().getNode() : ((RebootCommand) c).getHeader().getNode();
            String rebootId = c instanceof DrainCommand d ? d.getHeader().getRebootId()
                    : ((RebootCommand) c).getHeader().getRebootId();
            long seq = c instanceof DrainCommand d ? d.getCommandSeq() : ((RebootCommand) c).getCommandSeq();
            assertTrue(seqs.add(seq), "commandSeq " + seq + " appears once");
            assertEquals(rebootIdOf.computeIfAbsent(node, n -> rebootId), rebootId, "one rebootId per node");
            rebootIds.add(rebootId);
        }
        assertEquals(3, rebootIds.size(), "one reboot per node: " + rebootIdOf);
        List<String> order = commands.stream().map(c -> c.getClass().getSimpleName()).toList();
        assertEquals(List.of("DrainCommand", "RebootCommand", "DrainCommand", "RebootCommand", "DrainCommand",
                "RebootCommand"), order, "the next drain only after the previous node finished");

        List<Decision> decisions = read(topics.decisions(), 3).stream().map(Decision.class::cast).toList();
        assertEquals(3, decisions.stream().filter(d -> d.getType() == DecisionType.SLOT_GRANTED).count(),
                "one grant per node: " + decisions);
        for (Decision d : decisions) {
            if (d.getSlotsInUse() != null && d.getSlotsAllowed() != null) {
                assertTrue(d.getSlotsInUse() <= d.getSlotsAllowed(), "budget never exceeded: " + d);
            }
        }
        assertTrue(failoverMs < 15_000, "failover within 15 s, took " + failoverMs + " ms");
        metricsB.find(CoordinatorMetrics.DECISION_LATENCY).tag("published", "true").timers().forEach(t ->
                System.out.printf("decide+commit %s: n=%d mean=%.1f ms max=%.1f ms%n", t.getId().getTag("input"),
                        t.count(), t.mean(TimeUnit.MILLISECONDS), t.max(TimeUnit.MILLISECONDS)));
    }

    @Test
    void aGracefulStopHandsTheLeaseOverAtOnce() {
        CoordinatorRuntime a = runtime("coordinator-a", elector("coordinator-a"), new AtomicBoolean(), new CountDownLatch(1));
        Await.until(Duration.ofSeconds(30), "a leads", a::leading);
        CoordinatorRuntime b = runtime("coordinator-b", elector("coordinator-b"), new AtomicBoolean(), new CountDownLatch(1));
        status("node-a", "boot-node-a");
        awaitCommands(1);
        long stoppedAt = System.nanoTime();
        a.close();
        Await.until(Duration.ofSeconds(30), "b leads", b::leading);
        System.out.printf("graceful handover: standby leading after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt));
        status("node-b", "boot-node-b");
        Await.until(Duration.ofSeconds(30), "b knows both nodes", () -> b.nodes().size() == 2);
        assertEquals(1, awaitCommands(1).size(), "the restored grant is not repeated");
    }

    private LeaseElector elector(String identity) {
        LeaseElector elector = new LeaseElector(api.client(), "default", "kreboot-" + prefix + "coordinator",
                identity, FAST);
        return elector;
    }

    private CoordinatorRuntime runtime(String instance, LeaseElector elector, AtomicBoolean stall,
                                       CountDownLatch stalled) {
        Blocker hangs = nodes -> {
            if (stall.get()) {
                stalled.countDown();
                await(wake);
            }
            return new Blocker.Verdict(List.of(), Map.of(), "");
        };
        CoordinatorSettings settings = CoordinatorSettings.from(Map.of("kreboot.cluster", "it",
                "kreboot.instance", instance, "kreboot.topic-prefix", prefix,
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(), "kreboot.command-partitions", "3",
                "kreboot.blocker-period", "1s"));
        CoordinatorRuntime runtime = new CoordinatorRuntime(settings, clients, format,
                instance.equals("coordinator-b") ? metricsB : new SimpleMeterRegistry(),
                Clock.systemUTC(), new CoordinatorPorts(List.of(hangs), null, null), elector);
        resources.add(runtime);
        return runtime.start();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void finish(String node, String rebootId) {
        progress(node, rebootId, ProgressPhase.COMPLETED, "new-boot-" + node, "boot-" + node);
    }

    private void status(String node, String boot) {
        sender.send(topics.nodeStatus(), node, NodeStatus.newBuilder()
                .setHeader(new Events("it", "node-sensor", "it").header(node, null, Instant.now()))
                .setRebootRequired(true).setBootId(boot).setSensorMode(SensorMode.FILE).setSequence(1).build());
    }

    private void progress(String node, String rebootId, ProgressPhase phase, String boot, String previousBoot) {
        sender.send(topics.progress(), node, NodeProgress.newBuilder()
                .setHeader(new Events("it", "executor", "it").header(node, rebootId, Instant.now()))
                .setPhase(phase).setBootId(boot).setPreviousBootId(previousBoot).build());
    }

    private List<SpecificRecord> awaitCommands(int count) {
        List<SpecificRecord> commands = read(topics.commands(), count);
        return commands.stream().sorted(java.util.Comparator.comparingLong(r -> r instanceof DrainCommand d
                ? d.getCommandSeq() : ((RebootCommand) r).getCommandSeq())).toList();
    }

    private List<SpecificRecord> read(String topic, int atLeast) {
        return TopicContents.read(clients, format, topic, atLeast);
    }
}
