package dev.kreboot.kubectl;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The coordinator's HTTP API as the plugin reaches it: through the API server's service proxy
 * ({@code /api/v1/namespaces/NS/services/NAME:PORT/proxy/...}) with the user's credentials, plus
 * the coordinator's own API token sent as {@code X-Kreboot-Token} (the API server removes
 * {@code Authorization} once it has authenticated the user). Every failure becomes one
 * {@link CommandException} line that says whether the coordinator could not be reached or refused.
 */
final class CoordinatorApi {
    private static final long TIMEOUT_SECONDS = 30;

    private final KubernetesClient client;
    private final Options o;
    private final Map<String, String> env;

    CoordinatorApi(KubernetesClient client, Options options, Map<String, String> env) {
        this.client = client;
        this.o = options;
        this.env = env;
    }

    /** The coordinator's (or the proxy's) answer to {@code what} as one line: unreachable, or refused and why. */
    CommandException refusal(String what, int code, String body) {
        Map<?, ?> error = json(body);
        String message = error.get("message") != null ? String.valueOf(error.get("message")) : body.strip();
        if ("Status".equals(error.get("kind")) || code == 502 || code == 503 && !error.containsKey("error")) {
            return new CommandException("coordinator unreachable through the API server's service proxy (services/"
                    + o.service() + ":" + o.port() + " in " + namespace() + ", HTTP " + code + "): " + message);
        }
        return new CommandException("the coordinator refused " + what + " (HTTP " + code
                + (error.get("error") != null ? " " + error.get("error") : "") + "): " + message);
    }

    /** The API server's path that proxies {@code path} to the coordinator's Service. */
    private String proxied(String path) {
        return "/api/v1/namespaces/" + namespace() + "/services/" + o.service() + ":" + o.port() + "/proxy" + path;
    }

    /**
     * A GET or an empty POST of {@code path} on the coordinator, through the API server's service
     * proxy; {@code token} null sends none.
     */
    HttpResponse<String> send(String method, String path, String token) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + proxied(path);
        HttpRequest.Builder builder = client.getHttpClient().newHttpRequestBuilder().uri(url);
        if ("POST".equals(method)) {
            builder.post("application/json", "");
        }
        if (token != null) {
            builder.header("X-Kreboot-Token", token);
        }
        HttpRequest request = builder.build();
        try {
            return client.getHttpClient().sendAsync(request, String.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CommandException("cannot reach the Kubernetes API at " + client.getMasterUrl() + ": "
                    + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new CommandException("no answer from the coordinator through the API server within "
                    + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted", e);
        }
    }

    /** The API token, required: a write always needs it. */
    String token() {
        String token = optionalToken();
        if (token == null) {
            throw new CommandException(o.command() + " needs the coordinator's API token: --token-secret NAME (the "
                    + "chart's coordinator.api.existingSecret), --token-file PATH or KREBOOT_API_TOKEN");
        }
        return token;
    }

    /** The token from --token-file, --token-secret or KREBOOT_API_TOKEN, in that order; null when none is given. */
    String optionalToken() {
        if (o.tokenFile() != null) {
            try {
                return Files.readString(Path.of(o.tokenFile())).strip();
            } catch (IOException e) {
                throw new CommandException("--token-file " + o.tokenFile() + " cannot be read: " + e.getMessage(), e);
            }
        }
        if (o.tokenSecret() != null) {
            Secret secret;
            try {
                secret = client.secrets().inNamespace(namespace()).withName(o.tokenSecret()).get();
            } catch (KubernetesClientException e) {
                throw Commands.kubernetes(client, "could not read Secret " + o.tokenSecret() + " in " + namespace(), e);
            }
            if (secret == null || secret.getData() == null || secret.getData().get(o.tokenKey()) == null) {
                throw new CommandException("--token-secret: Secret " + o.tokenSecret() + " in " + namespace()
                        + (secret == null ? " does not exist" : " has no key " + o.tokenKey()));
            }
            return new String(Base64.getDecoder().decode(secret.getData().get(o.tokenKey())), StandardCharsets.UTF_8)
                    .strip();
        }
        String token = env.get("KREBOOT_API_TOKEN");
        return token == null || token.isBlank() ? null : token.strip();
    }

    /** Where the coordinator runs: {@code -n}, else the kubeconfig context's namespace, else default. */
    private String namespace() {
        if (o.namespace() != null) {
            return o.namespace();
        }
        String ns = client.getNamespace();
        return ns == null ? "default" : ns;
    }

    /** A JSON object body as a map; anything else (HTML from a proxy, nothing) as an empty map. */
    static Map<?, ?> json(String body) {
        try {
            Object parsed = Serialization.unmarshal(body, Map.class);
            return parsed instanceof Map<?, ?> m ? m : Map.of();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** A path segment or query value, encoded. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
