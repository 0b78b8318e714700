package dev.kreboot.schemas.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/**
 * A service's start-up that must be refused, and what it said. Invalid configuration has to stop
 * start-up with a message naming the key; frameworks often wrap that message in their own
 * exceptions, so the check reads the messages of the failure and of every cause.
 */
public final class StartupRefusal {

    private StartupRefusal() {
    }

    /**
     * Runs {@code startUp}, which must throw a {@code type}, and asserts that the messages of the
     * failure and its causes contain every one of {@code named} (a key, and the bad value where it matters).
     */
    public static void assertRefusedNaming(Class<? extends Throwable> type, Executable startUp, String... named) {
        String messages = messages(assertThrows(type, startUp));
        for (String text : named) {
            assertTrue(messages.contains(text), messages);
        }
    }

    /** The messages of {@code failure} and of every cause, one a line. */
    public static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
