package dev.kreboot.executor.app;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.RebootCommand;
import java.time.Instant;

/** The node the executor tests drive ("node-a", booted as "boot-1") and the coordinator's commands for it. */
final class TestCommands {
    static final String NODE = "node-a";
    static final String BOOT_1 = "boot-1";
    static final Events COORDINATOR = new Events("test", "coordinator", "c-0");

    private TestCommands() {
    }

    /** Drain {@link #NODE}, leaving {@link #BOOT_1}. */
    static DrainCommand drain(long seq, String rebootId) {
        return DrainCommand.newBuilder().setHeader(COORDINATOR.header(NODE, rebootId, Instant.now()))
                .setCommandSeq(seq).setBootIdToLeave(BOOT_1).build();
    }

    /** Reboot {@link #NODE}, leaving {@link #BOOT_1}. */
    static RebootCommand reboot(long seq, String rebootId) {
        return RebootCommand.newBuilder().setHeader(COORDINATOR.header(NODE, rebootId, Instant.now()))
                .setCommandSeq(seq).setBootIdToLeave(BOOT_1).build();
    }
}
