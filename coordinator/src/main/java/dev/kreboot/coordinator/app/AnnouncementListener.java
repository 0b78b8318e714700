package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Output;

/**
 * Port: hears every announcement after its transaction committed (never one that was rolled back).
 * Called on the runtime's thread: implementations hand slow work to their own thread and never throw.
 */
@FunctionalInterface
public interface AnnouncementListener {
    void announced(Output.Announce announce);
}
