package dev.kreboot.sensor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRulesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final StatusRules rules = new StatusRules(100);

    private static HostSnapshot present(String bootId) {
        return HostSnapshot.read(true, bootId, "6.1.0", List.of());
    }

    private static HostSnapshot absent(String bootId) {
        return HostSnapshot.read(false, bootId, "6.1.0", List.of());
    }

    private static Instant at(int seconds) {
        return T0.plus(Duration.ofSeconds(seconds));
    }

    @Test
    void reportsRequiredAndStartsTheEpisodeWhenTheSentinelIsFirstSeen() {
        StatusRules.Step step = rules.next(SensorState.initial(), present("b1"), at(0));

        assertTrue(step.report().rebootRequired());
        assertEquals(at(0), step.report().sentinelSeenAt());
        assertEquals("b1", step.report().bootId());
        assertEquals("6.1.0", step.report().kernelRelease());
        assertNull(step.report().probeError());
    }

    @Test
    void keepsTheFirstSightingWhileTheSentinelStays() {
        StatusRules.Step first = rules.next(SensorState.initial(), present("b1"), at(0));
        StatusRules.Step later = rules.next(first.state(), present("b1"), at(300));

        assertEquals(at(0), later.report().sentinelSeenAt());
        assertEquals(at(300), later.report().observedAt());
    }

    @Test
    void endsTheEpisodeWhenTheSentinelDisappearsAndStartsANewOneWhenItReturns() {
        StatusRules.Step seen = rules.next(SensorState.initial(), present("b1"), at(0));
        StatusRules.Step gone = rules.next(seen.state(), absent("b1"), at(10));
        StatusRules.Step back = rules.next(gone.state(), present("b1"), at(20));

        assertFalse(gone.report().rebootRequired());
        assertNull(gone.report().sentinelSeenAt());
        assertTrue(back.report().rebootRequired());
        assertEquals(at(20), back.report().sentinelSeenAt());
    }

    @Test
    void startsANewEpisodeAfterABootEvenIfTheSentinelNeverDisappeared() {
        StatusRules.Step before = rules.next(SensorState.initial(), present("b1"), at(0));
        StatusRules.Step after = rules.next(before.state(), present("b2"), at(60));

        assertEquals(at(60), after.report().sentinelSeenAt());
        assertEquals("b2", after.report().bootId());
    }

    @Test
    void numbersReportsConsecutivelyWhateverTheyFound() {
        SensorState state = SensorState.initial();
        List<HostSnapshot> looks = List.of(present("b1"), HostSnapshot.unreadable("denied", null, null),
                absent("b1"), absent("b1"));
        long expected = 1;
        for (HostSnapshot look : looks) {
            StatusRules.Step step = rules.next(state, look, at((int) expected));
            assertEquals(expected++, step.report().sequence());
            state = step.state();
        }
    }

    @Test
    void reportsAFailedLookAsNotRequiredWithItsErrorAndWhatWasRead() {
        StatusRules.Step step = rules.next(SensorState.initial(),
                HostSnapshot.unreadable("cannot check sentinel /run/reboot-required: AccessDeniedException", "b1", "6.1.0"),
                at(0));

        assertFalse(step.report().rebootRequired());
        assertEquals("cannot check sentinel /run/reboot-required: AccessDeniedException", step.report().probeError());
        assertEquals("b1", step.report().bootId());
        assertEquals("6.1.0", step.report().kernelRelease());
        assertNull(step.report().sentinelSeenAt());
        assertTrue(step.report().packages().isEmpty());
    }

    @Test
    void reportsAnEmptyBootIdWhenTheFailedLookCouldNotReadIt() {
        StatusRules.Step step = rules.next(SensorState.initial(), HostSnapshot.unreadable("no boot id", null, null), at(0));

        assertEquals("", step.report().bootId());
        assertNull(step.report().kernelRelease());
    }

    @Test
    void keepsTheEpisodeAcrossAFailedLookBecauseAFailedReadSaysNothingAboutTheSentinel() {
        StatusRules.Step seen = rules.next(SensorState.initial(), present("b1"), at(0));
        StatusRules.Step failed = rules.next(seen.state(), HostSnapshot.unreadable("EIO", "b1", null), at(10));
        StatusRules.Step seenAgain = rules.next(failed.state(), present("b1"), at(20));

        assertNull(failed.report().sentinelSeenAt());
        assertEquals(at(0), seenAgain.report().sentinelSeenAt());
    }

    @Test
    void carriesPackagesDeduplicatedAndTrimmedInFirstSeenOrder() {
        HostSnapshot look = HostSnapshot.read(true, "b1", null,
                List.of("linux-image-6.1.0-29-amd64", " libc6 ", "", "linux-image-6.1.0-29-amd64", "libc6"));

        StatusReport report = rules.next(SensorState.initial(), look, at(0)).report();

        assertEquals(List.of("linux-image-6.1.0-29-amd64", "libc6"), report.packages());
        assertFalse(report.packagesTruncated());
    }

    @Test
    void capsPackagesAndSaysSo() {
        HostSnapshot look = HostSnapshot.read(true, "b1", null, List.of("a", "b", "c", "b"));

        StatusReport report = new StatusRules(2).next(SensorState.initial(), look, at(0)).report();

        assertEquals(List.of("a", "b"), report.packages());
        assertTrue(report.packagesTruncated());
    }

    @Test
    void doesNotCallExactlyTheCapTruncated() {
        HostSnapshot look = HostSnapshot.read(true, "b1", null, List.of("a", "b"));

        StatusReport report = new StatusRules(2).next(SensorState.initial(), look, at(0)).report();

        assertFalse(report.packagesTruncated());
    }

    @Test
    void treatsTwoReportsOfTheSameHostStateAsTheSameObservation() {
        StatusRules.Step first = rules.next(SensorState.initial(), present("b1"), at(0));
        StatusRules.Step heartbeat = rules.next(first.state(), present("b1"), at(300));
        StatusRules.Step reboot = rules.next(heartbeat.state(), absent("b2"), at(400));

        assertTrue(heartbeat.report().sameObservationAs(first.report()));
        assertFalse(reboot.report().sameObservationAs(heartbeat.report()));
    }

    @Test
    void refusesANegativePackageCap() {
        assertThrows(IllegalArgumentException.class, () -> new StatusRules(-1));
    }
}
