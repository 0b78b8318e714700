package dev.kreboot.coordinator.domain;

/** Where a node stands in its reboot episode, as the coordinator sees it. */
public enum Phase {
    IDLE(false), REQUESTED(false), DRAINING(true), DRAINED(true), REBOOTING(true), REBOOTED(true),
    DONE(false), FAILED(false), STUCK(true);

    private final boolean holdsSlot;

    Phase(boolean holdsSlot) {
        this.holdsSlot = holdsSlot;
    }

    /**
     * Whether a node in this phase counts against the budget. STUCK keeps its slot: the node may
     * still be down, and freeing the slot silently is how kured lets a second node in.
     */
    public boolean holdsSlot() {
        return holdsSlot;
    }
}
