package dev.kreboot.executor.app;

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
import dev.kreboot.schemas.Keys;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.signing.CommandSigner;
import dev.kreboot.schemas.signing.SigningKeys;
import dev.kreboot.schemas.testing.Seeds;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The done-when cases of issue 6 not covered elsewhere: executor restarts around the reboot
 * request, signed commands (forged, expired, replayed), API errors during the restore, and the
 * phase metrics.
 */
class RestartsAndApiErrorsTest extends NodeExecutorHarness {
    private static final String NODE_PATH = "/api/v1/nodes/" + NODE;

    private final KeyPair coordinatorKey = SigningKeys.generate();
    private final CommandSigner coordinator = new CommandSigner(coordinatorKey.getPrivate(), "k1");

    RestartsAndApiErrorsTest() {
        super("kreboot.executor.api-retries", "1", "kreboot.executor.api-retry-backoff", "10ms");
    }

    @BeforeEach
    void seedPods() {
        client.resource(Seeds.pod("default", "web-1", NODE, "ReplicaSet")).create();
        client.resource(Seeds.pod("default", "web-2", NODE, "ReplicaSet")).create();
    }

    private NodeExecutor signedOnly(String... overrides) {
        return executor(rebooter, new SignatureVerifier(
                new dev.kreboot.schemas.signing.CommandVerifier(Map.of("k1", coordinatorKey.getPublic())), Clock.systemUTC()),
                overrides);
    }

    /** The next {@code times} patches of the node fail with HTTP {@code code}. */
    private void failNodePatches(int code, String reason, int times) {
        api.server().expect().patch().withPath(NODE_PATH)
                .andReturn(code, new StatusBuilder().withCode(code).withReason(reason).build()).times(times);
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
        seedNode(false);
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
        seedNode(false);
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
        seedNode(false);
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
        seedNode(false);
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
        seedNode(false);
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
        seedNode(false);
        drainBlockedByABudget();
        awaitPhase(CORDONED);
        // Every node patch after the cordon is the restore: two tries (api-retries 1) fail twice.
        failNodePatches(500, "InternalError", 4);
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
        seedNode(true);
        NodeExecutor executor = drainBlockedByABudget();
        awaitPhase(CORDONED);
        failNodePatches(503, "ServiceUnavailable", 2);
        awaitPhase(DRAIN_FAILED);
        await(WAIT, () -> annotations().get(Keys.REBOOT_IN_PROGRESS) == null);
        settle(executor);

        assertTrue(unschedulable());
        assertFalse(sink.phases().contains(UNCORDONED));
    }

    @Test
    void aRestoreAfterTheRebootThatFailsReportsTheRebootAndCompletesOnceItGoesThrough() {
        seedNode(false);
        NodeExecutor executor = executor();
        drainAndRequestReboot(executor);
        // The host is down: the next node patch is the restore after the boot; its first try fails twice.
        failNodePatches(500, "InternalError", 2);
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
        seedNode(false);
        Rebooter instant = aHostThatBootsAtOnce();
        NodeExecutor executor = closedAfterTheTest(new NodeExecutor(ExecutorSettings.from(Map.of("kreboot.node-name", NODE,
                "kreboot.cluster", "test", "kreboot.executor.poll-interval", "50ms")), client, instant, bootId, sink,
                Clock.systemUTC(), metrics));

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
