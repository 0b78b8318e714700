package dev.kreboot.schemas.wire;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A registry in a map, for format tests; ids start at 100 so they are not mistaken for bytes. */
final class InMemorySchemaRegistry implements SchemaRegistry {
    final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(100);
    final AtomicInteger lookups = new AtomicInteger();
    volatile boolean down;

    @Override
    public int idOf(String subject, Schema schema) {
        check();
        for (Map.Entry<Integer, Schema> entry : byId.entrySet()) {
            if (entry.getValue().equals(schema)) {
                return entry.getKey();
            }
        }
        int id = next.getAndIncrement();
        byId.put(id, schema);
        return id;
    }

    @Override
    public Optional<Schema> schemaById(int id) {
        check();
        lookups.incrementAndGet();
        return Optional.ofNullable(byId.get(id));
    }

    private void check() {
        if (down) {
            throw new IllegalStateException("registry down");
        }
    }
}
