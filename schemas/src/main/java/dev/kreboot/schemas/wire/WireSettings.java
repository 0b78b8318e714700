package dev.kreboot.schemas.wire;

import dev.kreboot.schemas.config.SettingsLookup;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The wire-format settings every service shares, from {@code kreboot.*} keys.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><td>{@code kreboot.wire-format}</td><td>{@code single-object} (default) or {@code registry}: what writers write</td></tr>
 *   <tr><td>{@code kreboot.registry.url}</td><td>the registry's base URL ({@code http://registry:8080}); required
 *       for {@code registry}; when set with {@code single-object}, readers also resolve registry-framed records</td></tr>
 *   <tr><td>{@code kreboot.registry.auto-register}</td><td>{@code false} (default): only look ids up, schemas are
 *       registered by {@code RegisterSchemas}; {@code true} in the sandbox</td></tr>
 *   <tr><td>{@code kreboot.registry.username} + {@code kreboot.registry.password}
 *       (or {@code kreboot.registry.password-file})</td><td>basic credentials</td></tr>
 *   <tr><td>{@code kreboot.registry.token} (or {@code kreboot.registry.token-file})</td><td>a bearer token</td></tr>
 * </table>
 * Files suit mounted Secrets: their content is read once, surrounding whitespace dropped.
 */
public record WireSettings(Format format, URI registryUrl, boolean autoRegister, String username,
                           String password, String token) {

    public static final String FORMAT = "kreboot.wire-format";
    public static final String URL = "kreboot.registry.url";
    public static final String AUTO_REGISTER = "kreboot.registry.auto-register";
    public static final String USERNAME = "kreboot.registry.username";
    public static final String PASSWORD = "kreboot.registry.password";
    public static final String PASSWORD_FILE = "kreboot.registry.password-file";
    public static final String TOKEN = "kreboot.registry.token";
    public static final String TOKEN_FILE = "kreboot.registry.token-file";
    /** Every key {@link #from} reads: a service copies these from its configuration. */
    public static final List<String> KEYS = List.of(FORMAT, URL, AUTO_REGISTER, USERNAME, PASSWORD, PASSWORD_FILE,
            TOKEN, TOKEN_FILE);

    /** What writers write; readers always accept both. */
    public enum Format {
        SINGLE_OBJECT("single-object"), REGISTRY("registry");

        private final String key;

        Format(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static Format parse(String value) {
            for (Format format : values()) {
                if (format.key.equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return format;
                }
            }
            throw new IllegalArgumentException(FORMAT + ": expected single-object or registry, got '" + value + "'");
        }
    }

    /** Single-object, no registry: the defaults. */
    public static WireSettings defaults() {
        return from(Map.of());
    }

    /**
     * Reads every one of {@link #KEYS} through {@code lookup} (a service's configuration, e.g.
     * Micronaut's {@code environment.getProperty(key, String.class)}), then {@link #from}.
     */
    public static WireSettings read(java.util.function.Function<String, java.util.Optional<String>> lookup) {
        return from(SettingsLookup.read(KEYS, lookup));
    }

    public static WireSettings from(Map<String, String> settings) {
        Format format = Format.parse(value(settings, FORMAT, "single-object"));
        String url = value(settings, URL, null);
        if (format == Format.REGISTRY && url == null) {
            throw new IllegalArgumentException(URL + " is required when " + FORMAT + "=registry");
        }
        String username = value(settings, USERNAME, null);
        String password = secret(settings, PASSWORD, PASSWORD_FILE);
        String token = secret(settings, TOKEN, TOKEN_FILE);
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException(username == null
                    ? USERNAME + " is required with a password" : PASSWORD + " (or " + PASSWORD_FILE + ") is required with "
                    + USERNAME);
        }
        if (username != null && token != null) {
            throw new IllegalArgumentException(TOKEN + ": give basic credentials or a bearer token, not both");
        }
        return new WireSettings(format, url == null ? null : registryUrl(url),
                bool(value(settings, AUTO_REGISTER, "false")), username, password, token);
    }

    public boolean hasRegistry() {
        return registryUrl != null;
    }

    @Override
    public String toString() {
        return FORMAT + "=" + format.key() + ", " + URL + "=" + (registryUrl == null ? "" : registryUrl) + ", "
                + AUTO_REGISTER + "=" + autoRegister
                + (username != null ? ", " + USERNAME + "=" + username + ", " + PASSWORD + "=****" : "")
                + (token != null ? ", " + TOKEN + "=****" : "");
    }

    private static URI registryUrl(String value) {
        try {
            URI uri = new URI(value.strip().replaceAll("/+$", ""));
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(URL + ": expected an http(s) URL, got '" + value + "'");
            }
            if (uri.getPath() != null && uri.getPath().contains("/apis/")) {
                throw new IllegalArgumentException(URL + ": give the registry's base URL (e.g. http://registry:8080),"
                        + " without the API path: '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL + ": not a URL: '" + value + "'", e);
        }
    }

    private static boolean bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(AUTO_REGISTER + ": expected true or false, got '" + value + "'");
        };
    }

    private static String secret(Map<String, String> settings, String key, String fileKey) {
        String inline = value(settings, key, null);
        String file = value(settings, fileKey, null);
        if (inline != null && file != null) {
            throw new IllegalArgumentException(fileKey + ": give " + key + " or " + fileKey + ", not both");
        }
        if (file == null) {
            return inline;
        }
        try {
            String content = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                throw new IllegalArgumentException(fileKey + ": " + file + " is empty");
            }
            return content;
        } catch (IOException e) {
            throw new IllegalArgumentException(fileKey + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String value(Map<String, String> settings, String key, String fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
