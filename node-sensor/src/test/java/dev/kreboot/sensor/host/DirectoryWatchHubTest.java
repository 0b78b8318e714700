package dev.kreboot.sensor.host;

import static dev.kreboot.sensor.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatchHubTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private final DirectoryWatchHub hub = new DirectoryWatchHub("test-watch");
    @TempDir
    Path root;

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void callsOnlyTheSubscriberWhoseFileChangedAmongManyDirectories() throws IOException {
        Path a = Files.createDirectory(root.resolve("a"));
        Path b = Files.createDirectory(root.resolve("b"));
        AtomicInteger calledA = new AtomicInteger();
        AtomicInteger calledB = new AtomicInteger();
        hub.watch(a, Set.of(Path.of("reboot-required")), calledA::incrementAndGet);
        hub.watch(b, Set.of(Path.of("reboot-required")), calledB::incrementAndGet);

        Files.writeString(b.resolve("unrelated"), "x");
        Files.writeString(b.resolve("reboot-required"), "x");

        await(DEADLINE, () -> calledB.get() > 0);
        assertEquals(0, calledA.get());
    }

    @Test
    void ignoresFilesTheSubscriberDidNotName() throws IOException {
        Path dir = Files.createDirectory(root.resolve("run"));
        AtomicInteger called = new AtomicInteger();
        AtomicInteger marker = new AtomicInteger();
        hub.watch(dir, Set.of(Path.of("reboot-required")), called::incrementAndGet);
        hub.watch(dir, Set.of(Path.of("marker")), marker::incrementAndGet);

        Files.writeString(dir.resolve("sshd.pid"), "1");
        Files.writeString(dir.resolve("marker"), "x");

        // The hub handles one directory's events in order, so once the later marker arrived the
        // earlier unrelated file has been dispatched too.
        await(DEADLINE, () -> marker.get() > 0);
        assertEquals(0, called.get());
    }

    @Test
    void invalidatesAndCallsTheSubscriptionWhenItsDirectoryIsDeleted() throws IOException {
        Path dir = Files.createDirectory(root.resolve("run"));
        AtomicInteger called = new AtomicInteger();
        DirectoryWatchHub.Subscription subscription = hub.watch(dir, Set.of(Path.of("reboot-required")),
                called::incrementAndGet);

        Files.delete(dir);

        await(DEADLINE, () -> !subscription.valid() && called.get() > 0);
    }

    @Test
    void refusesADirectoryThatDoesNotExist() {
        assertThrows(NoSuchFileException.class,
                () -> hub.watch(root.resolve("missing"), Set.of(Path.of("x")), () -> { }));
    }

    @Test
    void stopsCallingAClosedSubscription() throws IOException {
        Path dir = Files.createDirectory(root.resolve("run"));
        AtomicInteger closedCalls = new AtomicInteger();
        AtomicInteger openCalls = new AtomicInteger();
        DirectoryWatchHub.Subscription closed = hub.watch(dir, Set.of(Path.of("reboot-required")),
                closedCalls::incrementAndGet);
        hub.watch(dir, Set.of(Path.of("reboot-required")), openCalls::incrementAndGet);
        closed.close();

        Files.writeString(dir.resolve("reboot-required"), "x");

        await(DEADLINE, () -> openCalls.get() > 0);
        assertFalse(closed.valid());
        assertEquals(0, closedCalls.get());
        assertTrue(Files.exists(dir));
    }
}
