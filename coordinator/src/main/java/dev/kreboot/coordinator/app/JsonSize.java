package dev.kreboot.coordinator.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How many bytes a value of plain JSON maps, lists, strings, numbers and booleans takes when
 * written compactly as UTF-8, escapes included, without writing it: what the status must keep
 * under etcd's request limit. Pure; an unexpected type counts as its text, quoted.
 */
final class JsonSize {
    private JsonSize() {
    }

    static long of(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof Boolean || value instanceof Number) {
            return value.toString().length();
        }
        if (value instanceof Map<?, ?> map) {
            long size = 2 + Math.max(0, map.size() - 1);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += of(String.valueOf(e.getKey())) + 1 + of(e.getValue());
            }
            return size;
        }
        if (value instanceof List<?> list) {
            long size = 2 + Math.max(0, list.size() - 1);
            for (Object item : list) {
                size += of(item);
            }
            return size;
        }
        return string(value.toString());
    }

    private static long string(String s) {
        long size = 2 + s.getBytes(StandardCharsets.UTF_8).length;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                size += 1;
            } else if (c < 0x20) {
                size += 5; // written as a six-character unicode escape
            }
        }
        return size;
    }
}
