package dev.kreboot.schemas.wire;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * What the registry wire format needs from a schema registry: an id for a writer schema and the
 * schema behind an id. Implementations throw {@link IllegalStateException} when the registry cannot
 * be asked (unreachable, refused credentials): callers retry, they never park a record for that.
 */
public interface SchemaRegistry {

    /**
     * The id of {@code schema} under {@code subject}; registers it first when the implementation is
     * allowed to.
     *
     * @throws IllegalStateException when the schema is not registered and may not be, or the
     *     registry cannot be asked
     */
    int idOf(String subject, Schema schema);

    /** The schema with this id, or empty when the registry does not know the id. */
    Optional<Schema> schemaById(int id);
}
