package dev.kreboot.executor.domain;

/** Why the executor is deciding. */
public enum Trigger {
    /** A command newer than any seen arrived: act only if it was not handled before (by anyone). */
    COMMAND,
    /** Process start or a simulated restart: take up what the newest command still asks for. */
    RESUME
}
