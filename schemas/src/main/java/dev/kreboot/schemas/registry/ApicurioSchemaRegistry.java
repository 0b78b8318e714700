package dev.kreboot.schemas.registry;

import dev.kreboot.schemas.wire.SchemaRegistry;
import dev.kreboot.schemas.wire.WireSettings;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.client.RegistryClientFactory;
import io.apicurio.registry.rest.client.exception.NotFoundException;
import io.apicurio.registry.rest.v2.beans.IfExists;
import io.apicurio.rest.client.auth.Auth;
import io.apicurio.rest.client.auth.BasicAuth;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistry} over Apicurio Registry's client (the one Apicurio's Kafka serdes use).
 *
 * <p>Subjects are artifacts of Apicurio's {@code default} group, the group its
 * Confluent-compatible API ({@code /apis/ccompat/v7}) serves as subjects; the ids in messages are
 * Apicurio content ids, which that API returns as schema ids, so Confluent clients resolve them.
 * Looking up compares canonical content, so formatting differences do not matter.
 */
public final class ApicurioSchemaRegistry implements SchemaRegistry {

    /** The Apicurio group the Confluent-compatible API maps subjects to. */
    public static final String GROUP = "default";

    private final RegistryClient client;
    private final boolean autoRegister;
    private final String where;

    public ApicurioSchemaRegistry(RegistryClient client, boolean autoRegister, String where) {
        this.client = client;
        this.autoRegister = autoRegister;
        this.where = where;
    }

    /** A registry client for these settings; requires {@link WireSettings#hasRegistry()}. */
    public static RegistryClient client(WireSettings settings) {
        if (!settings.hasRegistry()) {
            throw new IllegalArgumentException(WireSettings.URL + " is not set");
        }
        String api = settings.registryUrl() + "/apis/registry/v2";
        Auth auth = null;
        if (settings.username() != null) {
            auth = new BasicAuth(settings.username(), settings.password());
        } else if (settings.token() != null) {
            String token = settings.token();
            auth = headers -> headers.put("Authorization", "Bearer " + token);
        }
        return auth == null ? RegistryClientFactory.create(api) : RegistryClientFactory.create(api, Map.of(), auth);
    }

    public static ApicurioSchemaRegistry connect(WireSettings settings) {
        return new ApicurioSchemaRegistry(client(settings), settings.autoRegister(),
                settings.registryUrl().toString());
    }

    @Override
    public int idOf(String subject, Schema schema) {
        try {
            Long contentId = autoRegister
                    ? client.createArtifact(GROUP, subject, null, "AVRO", IfExists.RETURN_OR_UPDATE, true,
                            content(schema)).getContentId()
                    : client.getArtifactVersionMetaDataByContent(GROUP, subject, true, content(schema)).getContentId();
            return toId(contentId);
        } catch (NotFoundException e) {
            throw new IllegalStateException("the current schema of " + subject + " is not registered in " + where
                    + ": run RegisterSchemas, or set " + WireSettings.AUTO_REGISTER + "=true", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("schema registry " + where + " (subject " + subject + "): " + e, e);
        }
    }

    @Override
    public Optional<Schema> schemaById(int id) {
        try (InputStream in = client.getContentById(id)) {
            return Optional.of(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (SchemaParseException e) {
            // Content that is not an Avro schema (JSON Schema, Protobuf) cannot be a kreboot message.
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("schema registry " + where + " (id " + id + ")", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("schema registry " + where + " (id " + id + "): " + e, e);
        }
    }

    static InputStream content(Schema schema) {
        return new ByteArrayInputStream(schema.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static int toId(Long contentId) {
        if (contentId == null || contentId < 0 || contentId > Integer.MAX_VALUE) {
            throw new IllegalStateException("registry content id " + contentId + " does not fit the 4-byte wire id");
        }
        return contentId.intValue();
    }
}
