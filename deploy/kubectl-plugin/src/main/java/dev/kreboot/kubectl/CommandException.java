package dev.kreboot.kubectl;

/** A command that could not be done (no policy, unknown node, coordinator unreachable); one line, exit status 1. */
final class CommandException extends RuntimeException {
    CommandException(String message) {
        super(message);
    }

    CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
