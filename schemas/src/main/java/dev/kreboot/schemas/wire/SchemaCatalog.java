package dev.kreboot.schemas.wire;

import dev.kreboot.schemas.Control;
import dev.kreboot.schemas.ControlAction;
import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.EventHeader;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Reason;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.SensorMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The contract's top-level record types, their current schemas and every released writer schema,
 * indexed by the 64-bit parsing fingerprint that single-object encoding puts in front of each body.
 *
 * <p>Released schemas are resources under {@code dev/kreboot/schemas/released/}, listed in its
 * {@code index} file as {@code <version>/<RecordName>.avsc}. Releasing a schema change means
 * copying the new {@code .avsc} (in its self-contained form) there: readers then resolve messages
 * of every released version into the current classes.
 */
public final class SchemaCatalog {

    /** The record types that travel as top-level messages. */
    public static final List<Class<? extends SpecificRecord>> MESSAGE_TYPES = List.of(
            NodeStatus.class, DrainCommand.class, RebootCommand.class,
            NodeProgress.class, Decision.class, Control.class);

    private static final String RELEASED = "/dev/kreboot/schemas/released/";

    static {
        // Bound what a corrupt length prefix can make the decoder allocate (read once by Avro,
        // so set before the first decode); kreboot messages are a few hundred bytes.
        System.setProperty("org.apache.avro.limits.string.maxLength",
                System.getProperty("org.apache.avro.limits.string.maxLength", "1048576"));
        System.setProperty("org.apache.avro.limits.bytes.maxLength",
                System.getProperty("org.apache.avro.limits.bytes.maxLength", "1048576"));
        System.setProperty("org.apache.avro.limits.collectionItems.maxLength",
                System.getProperty("org.apache.avro.limits.collectionItems.maxLength", "100000"));
        // Avro 1.12 refuses to instantiate classes it does not trust; trust exactly ours.
        ClassSecurityValidator.Builder trusted = ClassSecurityValidator.builder();
        for (Class<?> type : List.of(NodeStatus.class, DrainCommand.class, RebootCommand.class,
                NodeProgress.class, Decision.class, Control.class, EventHeader.class, Reason.class,
                SensorMode.class, ProgressPhase.class, DecisionType.class, ControlAction.class)) {
            trusted.add(type);
        }
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), trusted.build()));
    }

    /** A writer schema and the class its messages are read into. */
    public record Entry(long fingerprint, Schema writer, Class<? extends SpecificRecord> readerClass,
                        Schema reader, String origin) {
    }

    private static final SchemaCatalog DEFAULT = of(releasedSchemas());

    private final Map<Long, Entry> byFingerprint;
    private final Map<Class<?>, Entry> current;

    private SchemaCatalog(Map<Long, Entry> byFingerprint, Map<Class<?>, Entry> current) {
        this.byFingerprint = Map.copyOf(byFingerprint);
        this.current = Map.copyOf(current);
    }

    public static SchemaCatalog get() {
        return DEFAULT;
    }

    public static SpecificData model() {
        return SpecificData.get();
    }

    public Entry byFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    public Entry current(Class<?> type) {
        Entry entry = current.get(type);
        if (entry == null) {
            throw new IllegalArgumentException(type.getName() + " is not a kreboot message type");
        }
        return entry;
    }

    /** The current entry of the message type with this full record name, or null. */
    public Entry currentByName(String fullName) {
        for (Entry entry : current.values()) {
            if (entry.writer().getFullName().equals(fullName)) {
                return entry;
            }
        }
        return null;
    }

    /** Every known writer schema: current and released. */
    public List<Entry> entries() {
        return List.copyOf(byFingerprint.values());
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Released schemas as fixtures: {@code version/Name.avsc} to parsed schema. */
    public static Map<String, Schema> releasedSchemas() {
        Map<String, Schema> result = new HashMap<>();
        for (String path : releasedIndex()) {
            try (InputStream in = SchemaCatalog.class.getResourceAsStream(RELEASED + path)) {
                if (in == null) {
                    throw new IllegalStateException("released schema listed but missing: " + path);
                }
                result.put(path, new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static List<String> releasedIndex() {
        try (InputStream in = SchemaCatalog.class.getResourceAsStream(RELEASED + "index")) {
            if (in == null) {
                return List.of();
            }
            List<String> paths = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    paths.add(trimmed);
                }
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A catalog of the current types plus the given released writer schemas (keyed by their origin). */
    public static SchemaCatalog of(Map<String, Schema> released) {
        Map<Long, Entry> byFingerprint = new HashMap<>();
        Map<Class<?>, Entry> current = new HashMap<>();
        Map<String, Class<? extends SpecificRecord>> byName = new HashMap<>();
        for (Class<? extends SpecificRecord> type : MESSAGE_TYPES) {
            Schema schema = SpecificData.get().getSchema(type);
            Entry entry = new Entry(fingerprint(schema), schema, type, schema, "current");
            byFingerprint.put(entry.fingerprint(), entry);
            current.put(type, entry);
            byName.put(schema.getFullName(), type);
        }
        for (Map.Entry<String, Schema> entry : released.entrySet()) {
            Schema writer = entry.getValue();
            Class<? extends SpecificRecord> type = byName.get(writer.getFullName());
            if (type == null) {
                throw new IllegalStateException("released schema " + entry.getKey()
                        + " names a record that is no longer a message type: " + writer.getFullName());
            }
            long fp = fingerprint(writer);
            byFingerprint.putIfAbsent(fp, new Entry(fp, writer, type, current.get(type).reader(),
                    "released " + entry.getKey()));
        }
        return new SchemaCatalog(byFingerprint, current);
    }
}
