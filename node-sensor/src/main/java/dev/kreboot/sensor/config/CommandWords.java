package dev.kreboot.sensor.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way kured does (Google's {@code shlex}: POSIX shell
 * quoting without expansion), so a kured {@code --reboot-sentinel-command} carries over unchanged.
 * Whitespace separates words; single quotes keep everything literally; double quotes keep
 * everything but a backslash before {@code "}, {@code \} or a newline; a backslash outside quotes
 * escapes the next character; {@code ''} is an empty word.
 */
final class CommandWords {
    private CommandWords() {
    }

    /** The words, or an {@link IllegalArgumentException} naming {@code key} for unbalanced quoting. */
    static List<String> split(String key, String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                int end = text.indexOf('\'', i);
                if (end < 0) {
                    throw unbalanced(key, text, "single quote");
                }
                word.append(text, i, end);
                i = end + 1;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(key, text, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i >= text.length()) {
                    throw unbalanced(key, text, "trailing backslash");
                }
                word.append(text.charAt(i++));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    private static int doubleQuoted(String key, String text, int start, StringBuilder word) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i < text.length() && "\"\\\n$`".indexOf(text.charAt(i)) >= 0) {
                word.append(text.charAt(i++));
            } else {
                word.append(c);
            }
        }
        throw unbalanced(key, text, "double quote");
    }

    private static IllegalArgumentException unbalanced(String key, String text, String what) {
        return new IllegalArgumentException(key + " has an unbalanced " + what + ": " + text);
    }
}
