package dev.kreboot.notifier.domain;

import java.nio.ByteBuffer;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Turns an Avro record into a plain JSON-ready tree. Unlike Avro's own JSON encoding, union values
 * are not wrapped in a type name and timestamps are RFC 3339 strings, which is what a person
 * reading a webhook payload expects. Fields keep their schema order.
 */
final class RecordTree {
    private RecordTree() {
    }

    static Map<String, Object> of(IndexedRecord record) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            tree.put(field.name(), value(record.get(field.pos())));
        }
        return tree;
    }

    private static Object value(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof IndexedRecord record) {
            return of(record);
        }
        if (value instanceof TemporalAccessor) {
            // Instant.toString is ISO-8601 in UTC with a 'Z': an RFC 3339 timestamp.
            return value.toString();
        }
        if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(value(item)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> tree = new LinkedHashMap<>();
            map.forEach((k, v) -> tree.put(String.valueOf(k), value(v)));
            return tree;
        }
        if (value instanceof ByteBuffer bytes) {
            return Base64.getEncoder().encodeToString(bytesOf(bytes));
        }
        if (value instanceof GenericFixed fixed) {
            return Base64.getEncoder().encodeToString(fixed.bytes());
        }
        // Strings, Utf8 and enum symbols.
        return value.toString();
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
