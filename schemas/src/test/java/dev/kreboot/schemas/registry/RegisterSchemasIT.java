package dev.kreboot.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.Samples;
import dev.kreboot.schemas.testing.ApicurioRegistry;
import dev.kreboot.schemas.wire.RegistryWireFormat;
import dev.kreboot.schemas.wire.SchemaCatalog;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import io.apicurio.registry.rest.client.RegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registration command against a real Apicurio Registry. */
class RegisterSchemasIT {
    private static URI registry;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.url();
    }

    @Test
    void registersEveryMessageTypeUnderItsRecordNameSubjectAndALookupOnlyServiceFindsThem() throws Exception {
        Output first = run(registry.toString());
        assertEquals(0, first.code, first.text);
        for (Class<?> type : SchemaCatalog.MESSAGE_TYPES) {
            assertTrue(first.text.contains(type.getName() + ": "), first.text);
        }
        Output again = run(registry.toString());
        assertEquals(0, again.code, again.text);
        assertEquals(SchemaCatalog.MESSAGE_TYPES.size(), again.text.lines().filter(l -> l.contains(": UNCHANGED")).count(),
                again.text);
        Output check = run(registry.toString(), "--check-only");
        assertEquals(0, check.code, check.text);

        WireFormat lookupOnly = WireFormats.create(WireSettings.from(Map.of("kreboot.wire-format", "registry",
                "kreboot.registry.url", registry.toString())));
        for (SpecificRecord record : Samples.everyType()) {
            assertEquals(record, lookupOnly.decode(lookupOnly.encode(record)));
        }

        HttpClient http = HttpClient.newHttpClient();
        String subjects = get(http, "/apis/ccompat/v7/subjects");
        assertTrue(subjects.contains("\"dev.kreboot.schemas.NodeStatus\""), subjects);
        String config = get(http, "/apis/ccompat/v7/config/dev.kreboot.schemas.NodeStatus");
        assertTrue(config.contains("FULL_TRANSITIVE"), config);
    }

    @Test
    void refusesAnIncompatibleChangeAndKeepsTheLatestVersion() {
        String namespace = "t" + UUID.randomUUID().toString().replace("-", "");
        Schema v1 = SchemaBuilder.record("Probe").namespace(namespace).fields()
                .requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("Probe").namespace(namespace).fields()
                .requiredString("a").name("b").type().stringType().stringDefault("x").endRecord();
        // A field without a default: new readers cannot read the records already written.
        Schema v3 = SchemaBuilder.record("Probe").namespace(namespace).fields()
                .requiredString("a").name("b").type().stringType().stringDefault("x").requiredInt("c").endRecord();
        RegistryClient client = ApicurioSchemaRegistry.client(settings(false));
        SchemaRegistration registration = new SchemaRegistration(client);

        assertEquals(SchemaRegistration.Outcome.WOULD_REGISTER, registration.run(List.of(v1), true).get(0).outcome());
        assertEquals(SchemaRegistration.Outcome.REGISTERED, registration.run(List.of(v1), false).get(0).outcome());
        assertEquals(SchemaRegistration.Outcome.COMPATIBLE, registration.run(List.of(v2), true).get(0).outcome());
        assertEquals(SchemaRegistration.Outcome.REGISTERED, registration.run(List.of(v2), false).get(0).outcome());

        SchemaRegistration.Result checked = registration.run(List.of(v3), true).get(0);
        assertEquals(SchemaRegistration.Outcome.INCOMPATIBLE, checked.outcome(), checked.toString());
        SchemaRegistration.Result refused = registration.run(List.of(v3), false).get(0);
        assertEquals(SchemaRegistration.Outcome.INCOMPATIBLE, refused.outcome(), refused.toString());
        assertTrue(refused.outcome().failed());
        assertEquals(SchemaRegistration.Outcome.UNCHANGED, registration.run(List.of(v2), true).get(0).outcome(),
                "v2 is still the latest version");
    }

    @Test
    void aLookupOnlyServiceRefusesASchemaNobodyRegisteredAndNamesTheFix() {
        Schema unregistered = SchemaBuilder.record("Never").namespace("t" + UUID.randomUUID().toString().replace("-", ""))
                .fields().requiredString("a").endRecord();
        ApicurioSchemaRegistry lookupOnly = ApicurioSchemaRegistry.connect(settings(false));
        var e = assertThrows(IllegalStateException.class,
                () -> lookupOnly.idOf(RegistryWireFormat.subject(unregistered), unregistered));
        assertTrue(e.getMessage().contains("RegisterSchemas"), e.getMessage());
    }

    @Test
    void anUnusableCommandLineIsAUsageError() {
        assertEquals(2, run().code);
        assertEquals(2, run(registry.toString(), "--force").code);
        assertEquals(2, run("not-a-url").code);
    }

    private static WireSettings settings(boolean autoRegister) {
        return WireSettings.from(Map.of("kreboot.registry.url", registry.toString(),
                "kreboot.registry.auto-register", Boolean.toString(autoRegister)));
    }

    private static String get(HttpClient http, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(registry.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private record Output(int code, String text) {
    }

    private static Output run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = RegisterSchemas.run(args, Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Output(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
