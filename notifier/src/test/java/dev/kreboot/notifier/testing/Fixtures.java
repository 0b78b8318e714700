package dev.kreboot.notifier.testing;

import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.EventHeader;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Reason;
import java.time.Instant;
import java.util.List;

/** Events as the executor and the coordinator write them. */
public final class Fixtures {
    public static final Instant AT = Instant.parse("2025-03-01T10:15:30.123Z");
    private static final Events EXECUTOR = new Events("prod-eu", "executor", "executor-abc12");
    private static final Events COORDINATOR = new Events("prod-eu", "coordinator", "coordinator-0");

    private Fixtures() {
    }

    public static NodeProgress progress(String node, ProgressPhase phase) {
        return NodeProgress.newBuilder()
                .setHeader(EXECUTOR.header(node, "reboot-" + node, AT))
                .setPhase(phase)
                .setBootId("boot-1")
                .build();
    }

    public static NodeProgress.Builder progressBuilder(String node, ProgressPhase phase) {
        return NodeProgress.newBuilder(progress(node, phase));
    }

    public static Decision decision(String node, DecisionType type, Reason... reasons) {
        return Decision.newBuilder()
                .setHeader(COORDINATOR.header(node, null, AT))
                .setType(type)
                .setReasons(List.of(reasons))
                .build();
    }

    public static Reason reason(String code, String message) {
        return Reason.newBuilder().setCode(code).setMessage(message).build();
    }

    public static String eventId(Object event) {
        EventHeader header = event instanceof NodeProgress p ? p.getHeader() : ((Decision) event).getHeader();
        return header.getEventId();
    }
}
