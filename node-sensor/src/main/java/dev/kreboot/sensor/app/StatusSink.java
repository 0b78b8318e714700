package dev.kreboot.sensor.app;

import dev.kreboot.schemas.NodeStatus;

/** Where statuses go. Throws when the status was not stored; the sensor logs and tries again later. */
public interface StatusSink {
    void publish(NodeStatus status);
}
