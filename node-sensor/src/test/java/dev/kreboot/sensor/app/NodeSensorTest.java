package dev.kreboot.sensor.app;

import static dev.kreboot.sensor.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.MetricNames;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.SensorMode;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.domain.HostSnapshot;
import dev.kreboot.sensor.host.FileSentinelProbe;
import dev.kreboot.sensor.testing.HostFolder;
import dev.kreboot.sensor.testing.MutableClock;
import dev.kreboot.sensor.testing.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSensorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String NODE = "worker-1";

    @TempDir
    Path root;
    private final RecordingSink sink = new RecordingSink();
    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<NodeSensor> sensors = new ArrayList<>();

    @AfterEach
    void closeSensors() {
        sensors.forEach(NodeSensor::close);
    }

    private NodeSensor sensor(SensorSettings settings, SentinelProbe probe) {
        NodeSensor sensor = new NodeSensor(settings, probe, sink, clock, registry);
        sensors.add(sensor);
        return sensor;
    }

    private NodeSensor fileSensor(HostFolder host, String period) {
        SensorSettings settings = host.settings(NODE, SensorSettings.PERIOD, period);
        return sensor(settings, FileSentinelProbe.of(settings));
    }

    private void awaitLast(String what, java.util.function.Predicate<NodeStatus> condition) {
        await(DEADLINE, () -> sink.lastMatches(condition), () -> what + "; last status: " + sink.last());
    }

    @Test
    void publishesTheHostsStatusOnStart() {
        HostFolder host = new HostFolder(root).withRunDir();

        fileSensor(host, "1h").start();

        await(DEADLINE, () -> sink.size() == 1, () -> sink.size() + " statuses");
        NodeStatus status = sink.last();
        assertFalse(status.getRebootRequired());
        assertEquals("boot-1", status.getBootId());
        assertEquals("6.1.0-28-amd64", status.getKernelRelease());
        assertEquals(SensorMode.FILE, status.getSensorMode());
        assertEquals(1, status.getSequence());
        assertNull(status.getProbeError());
        assertNull(status.getSentinelSeenAt());
        assertEquals(NODE, status.getHeader().getNode());
        assertEquals("test-cluster", status.getHeader().getCluster());
        assertEquals("node-sensor", status.getHeader().getProducerService());
        assertEquals("sensor-" + NODE, status.getHeader().getProducerInstance());
        assertEquals(T0, status.getHeader().getOccurredAt());
        assertNull(status.getHeader().getRebootId());
    }

    @Test
    void publishesOnSentinelCreationWithoutWaitingForTheResync() {
        HostFolder host = new HostFolder(root).withRunDir();
        NodeSensor sensor = fileSensor(host, "1h");
        sensor.start();
        assertTrue(sensor.watching());

        clock.advance(Duration.ofSeconds(42));
        long written = System.nanoTime();
        host.createSentinel();

        // With an hour between resyncs, only the file watch can deliver this.
        awaitLast("a required status after the sentinel appeared", NodeStatus::getRebootRequired);
        System.out.printf("sentinel to status: %d ms%n", (System.nanoTime() - written) / 1_000_000);
        assertEquals(T0.plusSeconds(42), sink.last().getSentinelSeenAt());
    }

    @Test
    void followsTheSentinelThroughDeletionAndRecreationWithANewEpisode() {
        HostFolder host = new HostFolder(root).withRunDir();
        fileSensor(host, "1h").start();

        clock.advance(Duration.ofMinutes(1));
        host.createSentinel();
        awaitLast("required", NodeStatus::getRebootRequired);
        Instant firstEpisode = sink.last().getSentinelSeenAt();

        clock.advance(Duration.ofMinutes(1));
        host.deleteSentinel();
        awaitLast("no longer required", status -> !status.getRebootRequired());
        assertNull(sink.last().getSentinelSeenAt());

        clock.advance(Duration.ofMinutes(1));
        host.createSentinel();
        awaitLast("required again", NodeStatus::getRebootRequired);

        assertEquals(T0.plusSeconds(60), firstEpisode);
        assertEquals(T0.plusSeconds(180), sink.last().getSentinelSeenAt());
        assertSequencesIncrease(sink.statuses());
    }

    @Test
    void carriesTheDeduplicatedPackagesThatAskedForTheReboot() {
        HostFolder host = new HostFolder(root).withRunDir();
        fileSensor(host, "1h").start();

        host.createSentinel();
        host.writePackages("linux-image-6.1.0-29-amd64", "libc6", "linux-image-6.1.0-29-amd64");

        awaitLast("the packages", status -> status.getPackages().equals(List.of("linux-image-6.1.0-29-amd64", "libc6")));
        assertTrue(sink.last().getRebootRequired());
        assertFalse(sink.last().getPackagesTruncated());
    }

    @Test
    void reportsTheRebootWhenTheBootIdChangesAndTheSentinelGoes() {
        HostFolder host = new HostFolder(root).withRunDir();
        host.createSentinel();
        fileSensor(host, "1h").start();
        awaitLast("required", NodeStatus::getRebootRequired);

        // What a reboot looks like in the sandbox's host folder: a new boot, the sentinel gone.
        host.writeBootId("boot-2");
        host.deleteSentinel();

        awaitLast("the new boot without the sentinel",
                status -> status.getBootId().equals("boot-2") && !status.getRebootRequired());
    }

    @Test
    void startsWatchingTheSentinelDirectoryOnceItAppears() throws IOException {
        HostFolder host = new HostFolder(root);
        NodeSensor sensor = fileSensor(host, "100ms");
        sensor.start();
        awaitLast("the first status", status -> !status.getRebootRequired() && status.getProbeError() == null);
        assertFalse(sensor.watching());

        Files.createDirectories(host.runDir());
        await(DEADLINE, sensor::watching, () -> "watching " + host.runDir());
        host.createSentinel();

        awaitLast("required once the directory and the sentinel exist", NodeStatus::getRebootRequired);
    }

    @Test
    void resumesWatchingWhenTheSentinelDirectoryIsDeletedAndRecreated() throws IOException {
        HostFolder host = new HostFolder(root).withRunDir();
        NodeSensor sensor = fileSensor(host, "100ms");
        sensor.start();

        Files.delete(host.runDir());
        await(DEADLINE, () -> !sensor.watching(), () -> "noticing that the directory went away");
        Files.createDirectories(host.runDir());
        await(DEADLINE, sensor::watching, () -> "watching the recreated directory");
        host.createSentinel();

        awaitLast("required", NodeStatus::getRebootRequired);
    }

    @Test
    void publishesTheSameStatusAsAHeartbeatEveryPeriod() {
        HostFolder host = new HostFolder(root).withRunDir();
        host.createSentinel();
        fileSensor(host, "20ms").start();

        await(DEADLINE, () -> sink.size() >= 4, () -> sink.size() + " statuses");

        List<NodeStatus> statuses = sink.statuses();
        assertSequencesIncrease(statuses);
        for (NodeStatus status : statuses) {
            assertTrue(status.getRebootRequired());
            assertEquals(T0, status.getSentinelSeenAt());
        }
        assertEquals(statuses.size(), statuses.stream().map(s -> s.getHeader().getEventId()).distinct().count(),
                "every status is its own event");
    }

    @Test
    void publishesAFailedLookAsNotRequiredWithItsErrorAndCarriesOn() {
        HostFolder host = new HostFolder(root).withRunDir();
        host.createSentinel();
        SensorSettings settings = host.settings(NODE, SensorSettings.PERIOD, "1h");
        SwitchableProbe probe = new SwitchableProbe(FileSentinelProbe.of(settings));
        // Root ignores file permissions, so "permission denied" comes through the port.
        probe.failWith(() -> HostSnapshot.unreadable(
                "cannot check sentinel " + host.sentinel() + ": AccessDeniedException", "boot-1", null));
        NodeSensor sensor = sensor(settings, probe);

        sensor.start();

        awaitLast("the failed look", status -> status.getProbeError() != null);
        NodeStatus failed = sink.last();
        assertFalse(failed.getRebootRequired());
        assertTrue(failed.getProbeError().contains("AccessDeniedException"));
        assertEquals(1.0, errors("host-read"));
        assertEquals(1.0, checks("error"));
        assertEquals(0.0, rebootRequiredGauge());

        probe.recover();
        sensor.probeNow();

        awaitLast("required after the recovery", NodeStatus::getRebootRequired);
        assertNull(sink.last().getProbeError());
        assertEquals(1.0, rebootRequiredGauge());
        assertEquals(1.0, checks("required"));
    }

    @Test
    void survivesAProbeThatThrows() {
        HostFolder host = new HostFolder(root).withRunDir();
        SensorSettings settings = host.settings(NODE, SensorSettings.PERIOD, "1h");
        SwitchableProbe probe = new SwitchableProbe(FileSentinelProbe.of(settings));
        probe.failWith(() -> {
            throw new IllegalStateException("bug in a probe");
        });
        NodeSensor sensor = sensor(settings, probe);
        sensor.start();

        awaitLast("the failed look", status -> status.getProbeError() != null);
        assertEquals(1.0, errors("probe-failed"));
        assertTrue(sink.last().getProbeError().contains("bug in a probe"));
        assertEquals("", sink.last().getBootId());

        probe.recover();
        host.createSentinel();
        awaitLast("required after the probe recovered", NodeStatus::getRebootRequired);
    }

    @Test
    void reportsARealReadErrorOnTheHost() throws IOException {
        HostFolder host = new HostFolder(root).withRunDir();
        Files.delete(host.bootId());
        Files.createDirectory(host.bootId());
        host.createSentinel();

        fileSensor(host, "1h").start();

        awaitLast("the failed look", status -> status.getProbeError() != null);
        assertFalse(sink.last().getRebootRequired());
        assertTrue(sink.last().getProbeError().contains("boot id file"), sink.last().getProbeError());
    }

    @Test
    void retriesARefusedStatusUntilTheSinkTakesIt() {
        HostFolder host = new HostFolder(root).withRunDir();
        sink.failNext(3);
        NodeSensor sensor = fileSensor(host, "1h");

        sensor.start();

        await(DEADLINE, () -> sink.size() == 1, () -> sink.refused() + " refused, " + sink.size() + " published");
        assertEquals(3, sink.refused());
        assertEquals(1, sink.last().getSequence());
        assertEquals(1, sensor.lastPublishedSequence());
        assertEquals(3.0, errors("publish"));
    }

    @Test
    void keepsLookingWhilePublishingIsRefusedAndThenPublishesTheLatest() {
        HostFolder host = new HostFolder(root).withRunDir();
        sink.failNext(Integer.MAX_VALUE);
        SensorSettings settings = host.settings(NODE, SensorSettings.PERIOD, "1h");
        // A short backoff cap: under load the default cap (15 s) could outlast the test's deadline
        // between the last refusal and the endpoint coming back.
        NodeSensor sensor = new NodeSensor(settings, FileSentinelProbe.of(settings), sink, clock, registry,
                dev.kreboot.sensor.host.DirectoryWatchHub.shared(), Duration.ofMillis(50), Duration.ofMillis(200));
        sensors.add(sensor);
        sensor.start();
        await(DEADLINE, () -> sink.refused() >= 1, () -> "a refused publish");

        host.createSentinel();
        await(DEADLINE, () -> sensor.lastReport().rebootRequired(), () -> "the look noticing the sentinel");
        sensor.probeNow();
        long latest = sensor.lastReport().sequence();
        sink.failNext(0);

        // A late watch event may add a look after ours: whatever goes out first is the newest, never
        // an older status, and nothing refused earlier is sent after it.
        await(DEADLINE, () -> sensor.lastPublishedSequence() >= latest, () -> "status #" + latest + " published");
        assertTrue(sink.statuses().get(0).getSequence() >= latest, "the first status out is the latest: " + sink.statuses());
        assertTrue(sink.last().getRebootRequired());
        for (int i = 1; i < sink.statuses().size(); i++) {
            assertTrue(sink.statuses().get(i).getSequence() > sink.statuses().get(i - 1).getSequence(), sink.statuses().toString());
        }
    }

    @Test
    void sendsOnlyTheLatestOfTheStatusesThatPiledUpDuringASlowPublish() throws InterruptedException {
        HostFolder host = new HostFolder(root).withRunDir();
        SensorSettings settings = host.settings(NODE, SensorSettings.PERIOD, "1h");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StatusSink slow = status -> {
            if (status.getSequence() == 1) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sink.publish(status);
        };
        NodeSensor sensor = new NodeSensor(settings, FileSentinelProbe.of(settings), slow, clock, registry);
        sensors.add(sensor);
        sensor.start();
        entered.await();

        for (int i = 0; i < 4; i++) {
            sensor.probeNow();
        }
        assertEquals(1, sensor.lastReport().sequence() - 4);
        release.countDown();

        await(DEADLINE, () -> sensor.lastPublishedSequence() == 5, () -> "status #5 published");
        assertEquals(List.of(1L, 5L), sink.statuses().stream().map(NodeStatus::getSequence).toList());
    }

    @Test
    void exposesKuredsGaugeAndCountsPublishedStatuses() {
        HostFolder host = new HostFolder(root).withRunDir();
        fileSensor(host, "1h").start();
        assertEquals(0.0, rebootRequiredGauge());
        await(DEADLINE, () -> sink.size() == 1, () -> "the first status");

        host.createSentinel();

        await(DEADLINE, () -> rebootRequiredGauge() == 1.0, () -> "gauge at 1");
        awaitLast("required", NodeStatus::getRebootRequired);
        assertEquals(1.0, registry.get(MetricNames.SENSOR_STATUS_PUBLISHED)
                .tags("node", NODE, "required", "false").counter().count());
        assertTrue(registry.get(MetricNames.SENSOR_STATUS_PUBLISHED)
                .tags("node", NODE, "required", "true").counter().count() >= 1);
    }

    @Test
    void countsDetectionsOncePerEpisodeAndRecordsTheLastCheck() {
        HostFolder host = new HostFolder(root).withRunDir();
        host.createSentinel();
        NodeSensor sensor = fileSensor(host, "1h");
        sensor.start();
        clock.advance(Duration.ofSeconds(5));
        sensor.probeNow();
        assertEquals(1.0, registry.get(SensorMetrics.DETECTIONS).tag("node", NODE).counter().count());

        host.deleteSentinel();
        clock.advance(Duration.ofSeconds(5));
        sensor.probeNow();
        host.createSentinel();
        clock.advance(Duration.ofSeconds(5));
        sensor.probeNow();

        assertEquals(2.0, registry.get(SensorMetrics.DETECTIONS).tag("node", NODE).counter().count());
        assertEquals(T0.plusSeconds(15).getEpochSecond(),
                registry.get(SensorMetrics.LAST_CHECK).tag("node", NODE).gauge().value());
        assertTrue(checks("required") >= 3);
    }

    @Test
    void sensorsOfDifferentNodesInOneJvmWatchOnlyTheirOwnHost() throws IOException {
        HostFolder hostA = new HostFolder(Files.createDirectory(root.resolve("a"))).withRunDir();
        HostFolder hostB = new HostFolder(Files.createDirectory(root.resolve("b"))).withRunDir();
        RecordingSink sinkB = new RecordingSink();
        SensorSettings settingsA = hostA.settings("node-a", SensorSettings.PERIOD, "1h");
        SensorSettings settingsB = hostB.settings("node-b", SensorSettings.PERIOD, "1h");
        NodeSensor a = new NodeSensor(settingsA, sink, clock);
        NodeSensor b = new NodeSensor(settingsB, sinkB, clock);
        sensors.add(a);
        sensors.add(b);
        a.start();
        b.start();

        hostA.createSentinel();

        awaitLast("node-a required", status -> status.getHeader().getNode().equals("node-a") && status.getRebootRequired());
        await(DEADLINE, () -> sinkB.size() == 1, () -> "node-b's first status");
        assertFalse(sinkB.last().getRebootRequired());
    }

    @Test
    void serialisesConcurrentLooksSoStatusesLeaveInSequenceOrder() throws InterruptedException {
        HostFolder host = new HostFolder(root).withRunDir();
        NodeSensor sensor = fileSensor(host, "1h");
        sensor.start();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < 25; j++) {
                    sensor.probeNow();
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        await(DEADLINE, () -> sensor.lastPublishedSequence() == 101, () -> "the last status published");
        assertEquals(101, sink.last().getSequence());
        assertSequencesIncrease(sink.statuses());
    }

    @Test
    void stopsPublishingAndReleasesItsGaugeWhenClosed() {
        HostFolder host = new HostFolder(root).withRunDir();
        NodeSensor sensor = fileSensor(host, "1h");
        sensor.start();
        await(DEADLINE, sensor::published, () -> "the first status published");

        sensor.close();
        sensor.probeNow();

        assertEquals(1, sink.size());
        assertTrue(registry.find(MetricNames.KURED_REBOOT_REQUIRED).tag("node", NODE).gauges().isEmpty());
        assertFalse(sensor.watching());
    }

    @Test
    void startsOnlyOnce() {
        HostFolder host = new HostFolder(root).withRunDir();
        NodeSensor sensor = fileSensor(host, "1h");
        sensor.start();

        assertThrows(IllegalStateException.class, sensor::start);
    }

    @Test
    void watchesTheDirectoriesOfAllProbeFiles() {
        HostFolder host = new HostFolder(root).withRunDir();

        NodeSensor sensor = fileSensor(host, "1h");

        assertEquals(Set.of(host.runDir(), host.bootId().getParent()), Set.copyOf(sensor.watchedDirectories()));
    }

    private double rebootRequiredGauge() {
        return registry.get(MetricNames.KURED_REBOOT_REQUIRED).tag("node", NODE).gauge().value();
    }

    private double errors(String kind) {
        return registry.get(SensorMetrics.ERRORS).tags("node", NODE, "kind", kind).counter().count();
    }

    private double checks(String result) {
        return registry.get(SensorMetrics.CHECKS).tags("node", NODE, "result", result).counter().count();
    }

    /** Statuses may be overtaken (latest wins) but never leave out of order. */
    private static void assertSequencesIncrease(List<NodeStatus> statuses) {
        for (int i = 1; i < statuses.size(); i++) {
            assertTrue(statuses.get(i - 1).getSequence() < statuses.get(i).getSequence(),
                    "sequence after status " + i + ": " + statuses);
        }
    }

    /** Delegates to a real probe, or answers with a failure while told to. */
    private static final class SwitchableProbe implements SentinelProbe {
        private final SentinelProbe delegate;
        private volatile Supplier<HostSnapshot> failure;

        SwitchableProbe(SentinelProbe delegate) {
            this.delegate = delegate;
        }

        void failWith(Supplier<HostSnapshot> failure) {
            this.failure = failure;
        }

        void recover() {
            this.failure = null;
        }

        @Override
        public HostSnapshot probe() {
            Supplier<HostSnapshot> current = failure;
            return current != null ? current.get() : delegate.probe();
        }

        @Override
        public SensorMode mode() {
            return delegate.mode();
        }

        @Override
        public Set<Path> watchedFiles() {
            return delegate.watchedFiles();
        }
    }
}
