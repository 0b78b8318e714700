package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.Command;
import dev.kreboot.executor.domain.Finding;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Reason;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

/** Builds progress events: header, phase, command, current boot id; callers add the particulars. */
final class Reports {
    private final String node;
    private final Events events;
    private final BootIdSource bootIds;
    private final Clock clock;

    Reports(String node, Events events, BootIdSource bootIds, Clock clock) {
        this.node = node;
        this.events = events;
        this.bootIds = bootIds;
        this.clock = clock;
    }

    NodeProgress.Builder of(Command command, ProgressPhase phase) {
        return NodeProgress.newBuilder()
                .setHeader(events.header(node, command.rebootId(), clock.instant()))
                .setPhase(phase)
                .setCommandSeq(command.seq())
                .setBootId(bootIds.currentBootId());
    }

    static List<Reason> reasons(Collection<Finding> findings) {
        return findings.stream()
                .map(f -> Reason.newBuilder().setCode(f.reason().name()).setMessage(f.message()).build())
                .toList();
    }
}
