package dev.kreboot.sensor.app;

import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.SensorMode;
import dev.kreboot.sensor.domain.StatusReport;

/** Wraps a report in the contract's envelope: a fresh event id, cluster, node and producer. */
final class StatusMessages {
    static final String SERVICE = "node-sensor";

    private final Events events;
    private final String node;
    private final SensorMode mode;

    StatusMessages(Events events, String node, SensorMode mode) {
        this.events = events;
        this.node = node;
        this.mode = mode;
    }

    NodeStatus toMessage(StatusReport report) {
        return NodeStatus.newBuilder()
                .setHeader(events.header(node, null, report.observedAt()))
                .setRebootRequired(report.rebootRequired())
                .setBootId(report.bootId())
                .setKernelRelease(report.kernelRelease())
                .setPackages(report.packages())
                .setPackagesTruncated(report.packagesTruncated())
                .setSensorMode(mode)
                .setSequence(report.sequence())
                .setSentinelSeenAt(report.sentinelSeenAt())
                .setProbeError(report.probeError())
                .build();
    }
}
