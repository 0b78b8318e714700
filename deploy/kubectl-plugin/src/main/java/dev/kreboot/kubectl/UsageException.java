package dev.kreboot.kubectl;

/** Bad command line: the message names the option or argument; exit status 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
