package dev.kreboot.executor.domain;

/** What the executor does about its newest command. */
public sealed interface Decision {

    /** Nothing to do; {@code why} goes to the log. */
    record Skip(String why) implements Decision {
    }

    /** Refuse the command and report it (COMMAND_REJECTED). */
    record Reject(Finding finding) implements Decision {
    }

    /** Cordon and drain (or take up a drain a previous process started). */
    record Drain() implements Decision {
    }

    /** Ask the host to reboot. */
    record Reboot() implements Decision {
    }

    /**
     * A previous process asked the host to reboot at {@code requestedAt} and the host has not gone
     * down yet: watch the boot id until the reboot deadline, never ask again.
     */
    record AwaitDown(java.time.Instant requestedAt) implements Decision {
    }

    /** The host booted since the command: wait for Ready, restore the node, report completion. */
    record AwaitReturn() implements Decision {
    }
}
