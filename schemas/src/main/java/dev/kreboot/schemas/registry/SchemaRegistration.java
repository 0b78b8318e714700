package dev.kreboot.schemas.registry;

import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.client.exception.NotFoundException;
import io.apicurio.registry.rest.client.exception.RuleViolationException;
import io.apicurio.registry.rest.v2.beans.IfExists;
import io.apicurio.registry.rest.v2.beans.Rule;
import io.apicurio.registry.types.RuleType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Registers schemas under their record-name subjects and refuses changes that break compatibility.
 *
 * <p>Per schema: a new subject is created with the schema and then gets a {@code COMPATIBILITY}
 * rule of {@value #COMPATIBILITY}; an existing subject first gets that rule if it lacks one, then
 * the schema is added as a new version unless the latest version already has that content. The
 * registry applies the rule to the new version, so an incompatible change is refused
 * ({@link Outcome#INCOMPATIBLE}) and nothing is written for that subject. A check-only run writes
 * nothing: it asks the registry to test the update against the subject's rules.
 *
 * <p>{@value #COMPATIBILITY}: every version must be readable by readers of every other version,
 * in both directions, as the contract's evolution rules already demand (fields added with
 * defaults only, enums with a default symbol): old subscribers read new records and new ones read
 * a topic's oldest records.
 */
public final class SchemaRegistration {

    public static final String COMPATIBILITY = "FULL_TRANSITIVE";

    public enum Outcome {
        REGISTERED, UNCHANGED, COMPATIBLE, WOULD_REGISTER, INCOMPATIBLE, FAILED;

        public boolean failed() {
            return this == INCOMPATIBLE || this == FAILED;
        }
    }

    /** The outcome for one subject; {@code id} is the schema id (content id) or -1. */
    public record Result(String subject, Outcome outcome, long id, String detail) {
        @Override
        public String toString() {
            return subject + ": " + outcome + (id >= 0 ? " (id " + id + ")" : "") + (detail == null ? "" : ": " + detail);
        }
    }

    private final RegistryClient client;

    public SchemaRegistration(RegistryClient client) {
        this.client = client;
    }

    public List<Result> run(Collection<Schema> schemas, boolean checkOnly) {
        List<Result> results = new ArrayList<>();
        for (Schema schema : schemas) {
            String subject = dev.kreboot.schemas.wire.RegistryWireFormat.subject(schema);
            try {
                results.add(checkOnly ? check(subject, schema) : register(subject, schema));
            } catch (RuleViolationException e) {
                results.add(new Result(subject, Outcome.INCOMPATIBLE, -1, describe(e)));
            } catch (RuntimeException e) {
                results.add(new Result(subject, Outcome.FAILED, -1, describe(e)));
            }
        }
        return results;
    }

    private Result register(String subject, Schema schema) {
        Long before = latestContentId(subject);
        if (before != null) {
            ensureRule(subject);
        }
        long id = client.createArtifact(ApicurioSchemaRegistry.GROUP, subject, null, "AVRO",
                IfExists.RETURN_OR_UPDATE, true, ApicurioSchemaRegistry.content(schema)).getContentId();
        if (before == null) {
            ensureRule(subject);
        }
        return new Result(subject, before != null && before == id ? Outcome.UNCHANGED : Outcome.REGISTERED, id, null);
    }

    private Result check(String subject, Schema schema) {
        if (latestContentId(subject) == null) {
            return new Result(subject, Outcome.WOULD_REGISTER, -1, "new subject");
        }
        try {
            long id = client.getArtifactVersionMetaDataByContent(ApicurioSchemaRegistry.GROUP, subject, true,
                    ApicurioSchemaRegistry.content(schema)).getContentId();
            return new Result(subject, Outcome.UNCHANGED, id, null);
        } catch (NotFoundException e) {
            client.testUpdateArtifact(ApicurioSchemaRegistry.GROUP, subject, ApicurioSchemaRegistry.content(schema));
            boolean ruled = client.listArtifactRules(ApicurioSchemaRegistry.GROUP, subject).contains(RuleType.COMPATIBILITY);
            return new Result(subject, Outcome.COMPATIBLE, -1,
                    ruled ? null : "the subject has no COMPATIBILITY rule yet: only global rules were checked");
        }
    }

    private Long latestContentId(String subject) {
        try {
            return client.getArtifactMetaData(ApicurioSchemaRegistry.GROUP, subject).getContentId();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private void ensureRule(String subject) {
        if (!client.listArtifactRules(ApicurioSchemaRegistry.GROUP, subject).contains(RuleType.COMPATIBILITY)) {
            client.createArtifactRule(ApicurioSchemaRegistry.GROUP, subject, new Rule(COMPATIBILITY, RuleType.COMPATIBILITY));
        }
    }

    private static String describe(RuntimeException e) {
        if (e instanceof io.apicurio.registry.rest.client.exception.RestClientException rest && rest.getError() != null) {
            String detail = rest.getError().getDetail();
            return rest.getError().getMessage() + (detail == null || detail.isBlank() ? "" : " (" + firstLine(detail) + ")");
        }
        return e.toString();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
