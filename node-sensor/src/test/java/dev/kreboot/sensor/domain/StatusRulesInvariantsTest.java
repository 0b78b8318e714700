package dev.kreboot.sensor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants of the rules over generated sequences of looks at the host. Each seed gives one
 * repeatable sequence, so a failure names the seed that reproduces it.
 */
class StatusRulesInvariantsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<String> BOOT_IDS = List.of("b1", "b2", "b3");
    private static final List<String> PACKAGE_LINES = List.of("libc6", "linux-image", "openssl", " openssl ", "");

    static Stream<Long> seeds() {
        return IntStream.range(0, 300).mapToObj(i -> 0x5EED_0000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void holdForAnySequenceOfLooks(long seed) {
        Random random = new Random(seed);
        int maxPackages = random.nextInt(6);
        List<HostSnapshot> looks = looks(random);
        StatusRules rules = new StatusRules(maxPackages);
        SensorState state = SensorState.initial();
        StatusReport previous = null;
        for (int i = 0; i < looks.size(); i++) {
            HostSnapshot look = looks.get(i);
            Instant now = T0.plusSeconds(i * 7L);
            StatusRules.Step step = rules.next(state, look, now);
            StatusReport report = step.report();

            assertEquals(i + 1, report.sequence(), "sequence increases by one");
            assertEquals(!look.failed() && look.sentinelPresent(), report.rebootRequired(),
                    "required exactly when a successful look saw the sentinel");
            assertEquals(look.failed(), report.probeError() != null, "errors are reported");
            if (report.rebootRequired()) {
                assertNotNull(report.sentinelSeenAt());
                assertFalse(report.sentinelSeenAt().isAfter(now), "seen no later than now");
                if (previous != null && previous.rebootRequired() && previous.bootId().equals(report.bootId())) {
                    assertEquals(previous.sentinelSeenAt(), report.sentinelSeenAt(), "the episode continues");
                }
            } else {
                assertNull(report.sentinelSeenAt());
            }
            assertTrue(report.packages().size() <= maxPackages, "capped");
            assertEquals(report.packages().size(), new HashSet<>(report.packages()).size(), "distinct");
            state = step.state();
            previous = report;
        }
    }

    private static List<HostSnapshot> looks(Random random) {
        int count = random.nextInt(31);
        List<HostSnapshot> looks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String bootId = BOOT_IDS.get(random.nextInt(BOOT_IDS.size()));
            if (random.nextInt(6) == 0) {
                looks.add(HostSnapshot.unreadable("permission denied", random.nextBoolean() ? bootId : null, null));
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (int j = random.nextInt(9); j > 0; j--) {
                lines.add(PACKAGE_LINES.get(random.nextInt(PACKAGE_LINES.size())));
            }
            looks.add(HostSnapshot.read(random.nextBoolean(), bootId, "6.1", lines));
        }
        return looks;
    }
}
