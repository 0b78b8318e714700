package dev.kreboot.schemas.wire;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Confluent schema-registry wire format: byte {@code 00}, the writer schema's registry id as a
 * 4-byte big-endian int, then the Avro binary body (no single-object header).
 *
 * <p>Subjects follow the record-name strategy: a record's subject is its full name
 * ({@code dev.kreboot.schemas.NodeStatus}), whatever the topic, because several record types share
 * {@code kreboot.commands} and topic names carry a per-installation prefix. Writing asks the
 * registry once per record type for the current schema's id (registering it only when the
 * {@link SchemaRegistry} may); reading asks once per id for the writer schema and resolves it into
 * the current class, like single-object reading does with released schemas. An id the registry
 * does not know, or one naming a record outside the contract, is {@code UNKNOWN_SCHEMA}; a registry
 * that cannot be asked is an {@link IllegalStateException} (retry, not DLQ).
 */
public final class RegistryWireFormat implements WireFormat {

    static final byte MAGIC = 0;
    private static final int HEADER_LENGTH = 5;

    private final SchemaRegistry registry;
    private final SchemaCatalog catalog;
    private final ConcurrentMap<Class<?>, Integer> idsByType = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, SchemaCatalog.Entry> entriesById = new ConcurrentHashMap<>();

    public RegistryWireFormat(SchemaRegistry registry) {
        this(registry, SchemaCatalog.get());
    }

    public RegistryWireFormat(SchemaRegistry registry, SchemaCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    /** The subject a record type's schemas live under (record-name strategy). */
    public static String subject(Schema schema) {
        return schema.getFullName();
    }

    @Override
    public byte[] encode(SpecificRecord record) {
        SchemaCatalog.Entry entry = catalog.current(record.getClass());
        int id = idsByType.computeIfAbsent(record.getClass(),
                type -> registry.idOf(subject(entry.writer()), entry.writer()));
        return AvroBody.framed(ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).putInt(id).array(), entry, record);
    }

    @Override
    public SpecificRecord decode(byte[] bytes) throws UndecodableMessageException {
        AvroBody.checkHeader(bytes, new byte[] {MAGIC}, HEADER_LENGTH, UndecodableMessageException.Kind.UNKNOWN_FORMAT);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SchemaCatalog.Entry entry = entriesById.get(id);
        if (entry == null) {
            entry = resolve(id);
            // Registry ids are immutable, so a resolved id never needs asking again.
            entriesById.putIfAbsent(id, entry);
        }
        return AvroBody.read(entry, bytes, HEADER_LENGTH);
    }

    private SchemaCatalog.Entry resolve(int id) throws UndecodableMessageException {
        Optional<Schema> writer = registry.schemaById(id);
        if (writer.isEmpty()) {
            throw new UndecodableMessageException(UndecodableMessageException.Kind.UNKNOWN_SCHEMA,
                    "registry id " + id + " is not in the registry", null);
        }
        SchemaCatalog.Entry current = writer.get().getType() == Schema.Type.RECORD
                ? catalog.currentByName(writer.get().getFullName()) : null;
        if (current == null) {
            throw new UndecodableMessageException(UndecodableMessageException.Kind.UNKNOWN_SCHEMA,
                    "registry id " + id + " is " + writer.get().getFullName() + ", not a kreboot message type", null);
        }
        return new SchemaCatalog.Entry(SchemaCatalog.fingerprint(writer.get()), writer.get(),
                current.readerClass(), current.reader(), "registry id " + id);
    }
}
