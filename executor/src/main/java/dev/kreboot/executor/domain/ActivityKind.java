package dev.kreboot.executor.domain;

/** What the executor's single worker is busy with. */
public enum ActivityKind {
    DRAINING, REBOOTING, AWAITING_RETURN
}
