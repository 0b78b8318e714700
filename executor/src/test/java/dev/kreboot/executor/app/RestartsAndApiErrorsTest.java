package dev.kreboot.executor.app;

import static dev.kreboot.executor.app.TestCommands.BOOT_1;
import static dev.kreboot.executor.app.TestCommands.COORDINATOR;
import static dev.kreboot.executor.app.TestCommands.NODE;
import static dev.kreboot.executor.app.TestCommands.drain;
import static dev.kreboot.executor.app.TestCommands.reboot;
import static dev.kreboot.executor.testing.Await.await;
import static dev.kreboot.schemas.ProgressPhase.COMMAND_REJECTED;
import static dev.kreboot.schemas.ProgressPhase.COMPLETED;
import static dev.kreboot.schemas.ProgressPhase.CORDONED;
import static dev.kreboot.schemas.ProgressPhase.DRAINED;
import static dev.kreboot.schemas.ProgressPhase.DRAIN_FAILED;
import static dev.kreboot.schemas.ProgressPhase.FAILED;
import static dev.kreboot.schemas.ProgressPhase.REBOOTED;
import static dev.kreboot.schemas.ProgressPhase.REBOOTING;
import static dev.kreboot.schemas.ProgressPhase.UNCORDONED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.executor.config.ExecutorSettings;
import dev.kreboot.executor.domain.NodeKeys;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.Keys;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Reason;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.signing.CommandSigner;
import dev.kreboot.schemas.signing.SigningKeys;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.Seeds;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The done-when cases of issue 6 not covered elsewhere: executor restarts around the reboot
 * request, signed commands (forged, expired, replayed), API errors during the restore, and the
 * phase metrics.
 */
class RestartsAndApiErrorsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NODE_PATH = "/api/v1/nodes/" + NODE;
    private static final String BOOT_2 = "boot-2";

    private MockApi api;
    private KubernetesClient client;
    private final Fakes.RecordingSink sink = new Fakes.RecordingSink();
    private final Fakes.RecordingRebooter rebooter = new Fakes.RecordingRebooter();
    private final Fakes.MutableBootId bootId = new Fakes.MutableBootId(BOOT_1);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final List<NodeExecutor> executors = new ArrayList<>();
    private final KeyPair coordinatorKey = SigningKeys.generate();
    private final CommandSigner coordinator = new CommandSigner(coordinatorKey.getPrivate(), "k1");

    @BeforeEach
    void seed() {
        api = MockApi.start();
        client = api.client();
        client.resource(Seeds.pod("default", "web-1", NODE, "ReplicaSet")).create();
        client.resource(Seeds.pod("default", "web-2", NODE, "ReplicaSet")).create();
    }

    @AfterEach
    void stop() {
        executors.forEach(NodeExecutor::close);
        api.close();
    }

    private NodeExecutor executor(CommandVerifier verifier, String... overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "kreboot.node-name", NODE,
                "kreboot.cluster", "test",
                "kreboot.instance", "executor-0",
                "kreboot.executor.poll-interval", "50ms",
                "kreboot.executor.eviction-retry-interval", "100ms",
                "kreboot.executor.drain-timeout", "30s",
                "kreboot.executor.ready-timeout", "30s",
                "kreboot.executor.api-retries", "1",
                "kreboot.executor.api-retry-backoff", "10ms"));
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        NodeExecutor executor = new NodeExecutor(ExecutorSettings.from(props), client, rebooter, bootId, sink, verifier,
                Clock.systemUTC(), metrics);
        executors.add(executor);
        return executor;
    }

    private NodeExecutor executor(String... overrides) {
        return executor(CommandVerifier.ACCEPT_ALL, overrides);
    }

    private NodeExecutor signedOnly(String... overrides) {
        return executor(new SignatureVerifier(
                new dev.kreboot.schemas.signing.CommandVerifier(Map.of("k1", coordinatorKey.getPublic())), Clock.systemUTC()),
                overrides);
    }

    private Map<String, String> annotations() {
        Map<String, String> a = client.nodes().withName(NODE).get().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    private boolean unschedulable() {
        return Boolean.TRUE.equals(client.nodes().withName(NODE).get().getSpec().getUnschedulable());
    }

    private void awaitPhase(ProgressPhase phase) {
        await(WAIT, () -> phase + " in " + sink.phases(), () -> sink.phases().contains(phase));
    }

    private static void settle(NodeExecutor executor) throws Exception {
        executor.processed().get(10, TimeUnit.SECONDS);
    }

    private static List<String> reasonCodes(NodeProgress progress) {
        return progress.getReasons().stream().map(Reason::getCode).toList();
    }

    /** Drains and asks for the reboot; the host has not gone down yet (same boot id). */
    private void drainAndRequestReboot(NodeExecutor executor) {
        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);
        executor.submit(reboot(2, "r1"));
        await(WAIT, () -> !rebooter.calls.isEmpty());
    }

    @Test
    void anExecutorRestartedAfterTheRebootRequestWaitsForTheHostInsteadOfAskingAgain() throws Exception {
        client.resource(Seeds.node(NODE, true, false)).create();
        NodeExecutor first = executor();
        drainAndRequestReboot(first);
        assertEquals("r1", annotations().get(NodeKeys.REBOOT_REQUESTED_FOR));
        assertTrue(Instant.parse(annotations().get(NodeKeys.REBOOT_REQUESTED_AT)).isBefore(Instant.now().plusSeconds(1)));
        first.close();

        NodeExecutor restarted = executor();
        restarted.submit(reboot(2, "r1"));
        restarted.resume();
        restarted.resume();
        settle(restarted);
        assertEquals(1, rebooter.calls.size(), "the host was asked once; the restarted executor waits for it");
        assertFalse(sink.phases().contains(FAILED));

        bootId.set(BOOT_2);
        awaitPhase(COMPLETED);

        assertEquals(1, rebooter.calls.size());
        assertEquals(1, sink.count(REBOOTING));
        assertEquals(1, sink.count(COMPLETED));
        await(WAIT, () -> "r1".equals(annotations().get(Keys.COMPLETED_REBOOT)));
        assertNull(annotations().get(NodeKeys.REBOOT_REQUESTED_FOR));
        assertNull(annotations().get(NodeKeys.REBOOT_REQUESTED_AT));
        assertFalse(unschedulable());
        assertEquals(1, metrics.get(ExecutorMetrics.REBOOT_DURATION).timer().count(),
                "the reboot is timed from the request recorded on the node, across the restart");
    }

    @Test
    void anExecutorRestartedPastTheRebootDeadlineReportsTheTimeoutWithoutAskingAgain() throws Exception {
        client.resource(Seeds.node(NODE, true, false)).create();
        NodeExecutor first = executor();
        drainAndRequestReboot(first);
        first.close();
        await(WAIT, () -> "request older than the reboot timeout",
                () -> Instant.now().isAfter(Instant.parse(annotations().get(NodeKeys.REBOOT_REQUESTED_AT)).plusMillis(300)));

        NodeExecutor restarted = executor("kreboot.executor.reboot-timeout", "200ms");
        restarted.submit(reboot(2, "r1"));
        restarted.resume();
        awaitPhase(FAILED);

        assertEquals(List.of("REBOOT_TIMEOUT"), reasonCodes(sink.last(FAILED)));
        assertEquals(1, rebooter.calls.size(), "never a second request");
        await(WAIT, () -> "r1".equals(annotations().get(NodeKeys.REBOOT_TIMED_OUT)));
        assertTrue(unschedulable(), "left cordoned for an operator");
        assertEquals(1, metrics.get(ExecutorMetrics.FAILURES).tags("phase", "FAILED", "reason", "REBOOT_TIMEOUT").counter().count());
    }

    @Test
    void aBootIdThatDoesNotChangeAfterTheRequestIsAFailureAtTheRebootDeadlineNotASecondReboot() throws Exception {
        client.resource(Seeds.node(NODE, true, false)).create();
        NodeExecutor executor = executor("kreboot.executor.reboot-timeout", "300ms");
        drainAndRequestReboot(executor);
        awaitPhase(FAILED);

        executor.resume();
        executor.submit(reboot(2, "r1"));
        settle(executor);

        assertEquals(List.of("REBOOT_TIMEOUT"), reasonCodes(sink.last(FAILED)));
        assertEquals(1, rebooter.calls.size());
        assertEquals(1, sink.count(FAILED));
    }

    @Test
    void onlyGenuineCurrentCommandsAreCarriedOut() throws Exception {
        client.resource(Seeds.node(NODE, true, false)).create();
        NodeExecutor executor = signedOnly();

        executor.submit(coordinator.sign(drain(1, "r1")));
        awaitPhase(DRAINED);

        CommandSigner forger = new CommandSigner(SigningKeys.generate().getPrivate(), "k1");
        executor.submit(forger.sign(reboot(7, "r1")));
        awaitPhase(COMMAND_REJECTED);
        assertEquals(List.of("COMMAND_UNVERIFIED"), reasonCodes(sink.last(COMMAND_REJECTED)));

        RebootCommand unsigned = reboot(8, "r1");
        executor.submit(unsigned);
        await(WAIT, () -> sink.count(COMMAND_REJECTED) == 2);

        RebootCommand expired = RebootCommand.newBuilder(reboot(9, "r1")).setExpiresAt(Instant.now().minusSeconds(1)).build();
        executor.submit(coordinator.sign(expired));
        await(WAIT, () -> sink.count(COMMAND_REJECTED) == 3);
        assertEquals(List.of("COMMAND_EXPIRED"), reasonCodes(sink.last(COMMAND_REJECTED)));
        settle(executor);
        assertTrue(rebooter.calls.isEmpty(), "no refused command reboots");

        executor.submit(coordinator.sign(reboot(2, "r1")));
        await(WAIT, () -> rebooter.calls.size() == 1);
        assertEquals(1, sink.count(REBOOTING), "refused commands with higher sequences did not shadow the genuine one");
        assertEquals(3, metrics.get(ExecutorMetrics.FAILURES).tags("phase", "COMMAND_REJECTED").counters().stream()
                .mapToDouble(c -> c.count()).sum());
    }

    @Test
    void aReplayedGenuineOldCommandChangesNothingBeforeOrAfterARestart() throws Exception {
        client.resource(Seeds.node(NODE, true, false)).create();
        NodeExecutor executor = signedOnly();
        DrainCommand oldDrain = coordinator.sign(drain(1, "r1"));
        executor.submit(oldDrain);
        awaitPhase(DRAINED);
        executor.submit(coordinator.sign(reboot(2, "r1")));
        await(WAIT, () -> rebooter.calls.size() == 1);
        settle(executor);
        int before = sink.events.size();

        executor.submit(oldDrain);
        settle(executor);
        executor.close();
        NodeExecutor restarted = signedOnly();
        restarted.submit(oldDrain);
        settle(restarted);

        assertEquals(before, sink.events.size(), "a replay is neither carried out nor reported");
        assertEquals(2, api.dispatcher().evicted().size());
        assertEquals(1, rebooter.calls.size());
        assertEquals("2", annotations().get(NodeKeys.LAST_COMMAND_SEQ));
    }

    @Test
    void anUncordonThatFailsIsReportedAndRetriedUntilItGoesThrough() {
        client.resource(Seeds.node(NODE, true, false)).create();
        client.resource(Seeds.minAvailable("default", "web-pdb", "web", 3)).create();
        NodeExecutor executor = executor("kreboot.executor.drain-timeout", "1s");

        executor.submit(drain(1, "r1"));
        awaitPhase(CORDONED);
        // Every node patch after the cordon is the restore: two tries (api-retries 1) fail twice.
        api.server().expect().patch().withPath(NODE_PATH)
                .andReturn(500, new StatusBuilder().withCode(500).withReason("InternalError").build()).times(4);
        awaitPhase(DRAIN_FAILED);

        NodeProgress failed = sink.last(DRAIN_FAILED);
        assertTrue(reasonCodes(failed).containsAll(List.of("DRAIN_TIMEOUT", "UNCORDON_FAILED")), failed.getReasons().toString());
        awaitPhase(UNCORDONED);
        assertTrue(sink.phases().indexOf(DRAIN_FAILED) < sink.phases().indexOf(UNCORDONED),
                "the failure is reported before the uncordon finally goes through");

        assertFalse(unschedulable());
        assertNull(annotations().get(Keys.CORDONED_BY_KREBOOT));
        assertEquals(1, sink.count(DRAIN_FAILED));
        assertEquals(2, metrics.get(ExecutorMetrics.FAILURES).tags("phase", "RESTORE", "reason", "UNCORDON_FAILED")
                .counter().count());
        assertEquals(1, metrics.get(ExecutorMetrics.DRAIN_DURATION).tags("outcome", "failed").timer().count());
    }

    @Test
    void aFailingRestoreNeverLiftsAnAdministratorsCordon() throws Exception {
        client.resource(Seeds.node(NODE, true, true)).create();
        client.resource(Seeds.minAvailable("default", "web-pdb", "web", 3)).create();
        NodeExecutor executor = executor("kreboot.executor.drain-timeout", "1s");

        executor.submit(drain(1, "r1"));
        awaitPhase(CORDONED);
        api.server().expect().patch().withPath(NODE_PATH)
                .andReturn(503, new StatusBuilder().withCode(503).withReason("ServiceUnavailable").build()).times(2);
        awaitPhase(DRAIN_FAILED);
        await(WAIT, () -> annotations().get(Keys.REBOOT_IN_PROGRESS) == null);
        settle(executor);

        assertTrue(unschedulable());
        assertFalse(sink.phases().contains(UNCORDONED));
    }

    @Test
    void aRestoreAfterTheRebootThatFailsReportsTheRebootAndCompletesOnceItGoesThrough() {
        client.resource(Seeds.node(NODE, true, false)).create();
        NodeExecutor executor = executor();
        drainAndRequestReboot(executor);
        // The host is down: the next node patch is the restore after the boot; its first try fails twice.
        api.server().expect().patch().withPath(NODE_PATH)
                .andReturn(500, new StatusBuilder().withCode(500).withReason("InternalError").build()).times(2);
        bootId.set(BOOT_2);

        awaitPhase(COMPLETED);

        assertEquals(List.of("UNCORDON_FAILED"), reasonCodes(sink.last(REBOOTED)));
        assertEquals(1, sink.count(REBOOTED));
        assertTrue(sink.phases().contains(UNCORDONED));
        assertFalse(unschedulable());
        assertEquals(1, rebooter.calls.size());
    }

    @Test
    void drainEvictionAndRebootMetricsAreRecorded() {
        client.resource(Seeds.node(NODE, true, false)).create();
        Rebooter instant = (node, rebootId) -> {
            rebooter.reboot(node, rebootId);
            bootId.set(BOOT_2);
        };
        NodeExecutor executor = new NodeExecutor(ExecutorSettings.from(Map.of("kreboot.node-name", NODE,
                "kreboot.cluster", "test", "kreboot.executor.poll-interval", "50ms")), client, instant, bootId, sink,
                Clock.systemUTC(), metrics);
        executors.add(executor);

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);
        executor.submit(reboot(2, "r1"));
        awaitPhase(COMPLETED);

        assertEquals(1, metrics.get(ExecutorMetrics.DRAIN_DURATION).tags("outcome", "drained").timer().count());
        assertEquals(2, metrics.get(ExecutorMetrics.EVICTIONS).tags("outcome", "evicted").counter().count());
        assertEquals(1, metrics.get(ExecutorMetrics.REBOOT_REQUEST).tags("outcome", "requested").timer().count());
        assertEquals(1, metrics.get(ExecutorMetrics.REBOOT_DOWN).timer().count());
        assertEquals(1, metrics.get(ExecutorMetrics.REBOOT_DURATION).timer().count());
    }
}
