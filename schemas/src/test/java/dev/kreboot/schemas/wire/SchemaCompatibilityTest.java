package dev.kreboot.schemas.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Every released schema (the fixtures under {@code released/}) stays readable by the current one
 * and the other way round: old producers keep working with new consumers, and subscribers on an
 * old release can read what the current services write.
 */
class SchemaCompatibilityTest {

    @Test
    void currentSchemasReadEveryReleasedSchemaAndViceVersa() {
        Map<String, Schema> released = SchemaCatalog.releasedSchemas();
        assertFalse(released.isEmpty(), "no released schemas found: the fixtures are missing");
        for (var entry : released.entrySet()) {
            Schema old = entry.getValue();
            Class<?> type = SchemaCatalog.MESSAGE_TYPES.stream()
                    .filter(t -> SpecificData.get().getSchema(t).getFullName().equals(old.getFullName()))
                    .findFirst().orElseThrow(() -> new AssertionError(entry.getKey() + " names no current type"));
            Schema current = SpecificData.get().getSchema(type);
            var forward = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
            assertEquals(SchemaCompatibilityType.COMPATIBLE, forward.getType(),
                    "current " + type.getSimpleName() + " cannot read released " + entry.getKey() + ": "
                            + forward.getResult().getIncompatibilities());
            var backward = SchemaCompatibility.checkReaderWriterCompatibility(old, current);
            assertEquals(SchemaCompatibilityType.COMPATIBLE, backward.getType(),
                    "released " + entry.getKey() + " cannot read current " + type.getSimpleName() + ": "
                            + backward.getResult().getIncompatibilities());
        }
    }

    @Test
    void aBreakingChangeIsCaught() {
        // Guards the guard: removing a field without a default must be reported as incompatible.
        Schema old = SchemaCatalog.releasedSchemas().get("v1/NodeStatus.avsc");
        Schema broken = new Schema.Parser().parse(old.toString()
                .replace("\"name\":\"bootId\"", "\"name\":\"bootIdentifier\""));
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(broken, old).getType());
    }
}
