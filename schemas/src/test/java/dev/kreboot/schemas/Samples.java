package dev.kreboot.schemas;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in instance of every message type, for round-trip and broker tests. */
public final class Samples {
    public static final Instant AT = Instant.parse("2026-11-27T03:04:05.678Z");
    private static final Events EVENTS = new Events("test-cluster", "test", "test-0");

    private Samples() {
    }

    public static EventHeader header(String node, String rebootId) {
        return EVENTS.header(node, rebootId, AT);
    }

    public static NodeStatus status(String node, boolean required, long seq) {
        return NodeStatus.newBuilder()
                .setHeader(header(node, null))
                .setRebootRequired(required)
                .setBootId("boot-1")
                .setKernelRelease("6.8.0-1015-azure")
                .setPackages(List.of("linux-image-6.8.0-1016-azure"))
                .setSensorMode(SensorMode.FILE)
                .setSequence(seq)
                .setSentinelSeenAt(required ? AT : null)
                .build();
    }

    public static List<SpecificRecord> everyType() {
        return List.of(
                status("node-1", true, 7),
                DrainCommand.newBuilder().setHeader(header("node-1", "r-1")).setCommandSeq(1)
                        .setBootIdToLeave("boot-1").setExpiresAt(AT.plusSeconds(600)).build(),
                RebootCommand.newBuilder().setHeader(header("node-1", "r-1")).setCommandSeq(2)
                        .setBootIdToLeave("boot-1").setSignature(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3})).build(),
                NodeProgress.newBuilder().setHeader(header("node-1", "r-1")).setPhase(ProgressPhase.DRAIN_FAILED)
                        .setBootId("boot-1").setPodsLeft(1).setBlockingPods(List.of("shop/db-0"))
                        .setReasons(List.of(new Reason("PDB_BLOCKS", "PodDisruptionBudget shop/db allows 0 disruptions")))
                        .build(),
                Decision.newBuilder().setHeader(header("*", null)).setType(DecisionType.PAUSED)
                        .setReasons(List.of(new Reason("MANUAL_PAUSE", "paused by alice"))).build(),
                Control.newBuilder().setHeader(header("*", null)).setAction(ControlAction.PAUSE)
                        .setRequestedBy("alice").setComment("change freeze").build());
    }
}
