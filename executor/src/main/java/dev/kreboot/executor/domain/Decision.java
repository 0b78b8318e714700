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

    /** The host booted since the command: wait for Ready, restore the node, report completion. */
    record AwaitReturn() implements Decision {
    }
}
