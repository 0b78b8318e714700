package dev.kreboot.schemas.registry;

import dev.kreboot.schemas.wire.SchemaCatalog;
import dev.kreboot.schemas.wire.WireSettings;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * {@code RegisterSchemas <registry-url> [--check-only]}: registers the current schema of every
 * kreboot message type under its subject (see {@link SchemaRegistration}), for CI or a deploy
 * hook. Exit code 0 when every subject is registered, unchanged or compatible; 1 when a change is
 * incompatible or the registry refused; 2 on a usage error. Credentials come from the environment,
 * as for the services: {@code KREBOOT_REGISTRY_USERNAME} with {@code KREBOOT_REGISTRY_PASSWORD}
 * (or {@code _PASSWORD_FILE}), or {@code KREBOOT_REGISTRY_TOKEN} (or {@code _TOKEN_FILE}).
 */
public final class RegisterSchemas {
    private RegisterSchemas() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out) {
        boolean checkOnly = List.of(args).contains("--check-only");
        List<String> positional = List.of(args).stream().filter(a -> !a.startsWith("--")).toList();
        if (positional.size() != 1 || List.of(args).stream().anyMatch(a -> a.startsWith("--") && !a.equals("--check-only"))) {
            out.println("usage: RegisterSchemas <registry-url> [--check-only]");
            return 2;
        }
        WireSettings settings;
        try {
            settings = WireSettings.from(settingsFrom(positional.get(0), env));
        } catch (IllegalArgumentException e) {
            out.println("invalid settings: " + e.getMessage());
            return 2;
        }
        List<Schema> schemas = SchemaCatalog.MESSAGE_TYPES.stream()
                .map(type -> SchemaCatalog.get().current(type).writer()).toList();
        List<SchemaRegistration.Result> results =
                new SchemaRegistration(ApicurioSchemaRegistry.client(settings)).run(schemas, checkOnly);
        results.forEach(out::println);
        boolean failed = results.stream().anyMatch(r -> r.outcome().failed());
        out.println((checkOnly ? "checked " : "registered ") + results.size() + " subjects at " + settings.registryUrl()
                + " (" + SchemaRegistration.COMPATIBILITY + "): " + (failed ? "FAILED" : "ok"));
        return failed ? 1 : 0;
    }

    private static Map<String, String> settingsFrom(String url, Map<String, String> env) {
        Map<String, String> settings = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KREBOOT_REGISTRY_")) {
                settings.put("kreboot.registry." + name.substring("KREBOOT_REGISTRY_".length())
                        .toLowerCase(Locale.ROOT).replace('_', '-'), value);
            }
        });
        settings.put(WireSettings.FORMAT, "registry");
        settings.put(WireSettings.URL, url);
        return settings;
    }
}
