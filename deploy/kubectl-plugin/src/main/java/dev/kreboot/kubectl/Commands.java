package dev.kreboot.kubectl;

import dev.kreboot.schemas.RebootPolicies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The commands, each through the Kubernetes API with the user's credentials:
 * <ul>
 * <li>{@code status}, {@code why}: read the RebootPolicy's status (RBAC: get rebootpolicies). It
 *     is the coordinator's own view, the same document as its {@code GET /nodes}, at most one
 *     status period old. On a cluster larger than the status lists
 *     ({@code kreboot.policy.status-max-nodes}), {@code why} asks the coordinator's
 *     {@code GET /nodes/NAME} through the service proxy for a node the status leaves out (RBAC: get
 *     services/proxy; the API token only if the chart protects reads).</li>
 * <li>{@code pause}, {@code resume}: a JSON merge patch of {@code spec.paused} (RBAC: patch
 *     rebootpolicies). Declarative and durable: the coordinator reads it like any other spec
 *     change, every replica sees it, a failover keeps it, and GitOps can own it.</li>
 * <li>{@code reboot}, {@code release}: a POST to the coordinator's HTTP API through the API
 *     server's service proxy (RBAC: create services/proxy on the coordinator's Service; plus the
 *     API token, sent as {@code X-Kreboot-Token} because the API server removes
 *     {@code Authorization} once it has authenticated the user). The API writes one Control
 *     record to Kafka and answers 202; the leader applies it once, in log order, and a leader
 *     that takes over replays it from the topic: durable across failover without a second
 *     store.</li>
 * </ul>
 */
final class Commands {
    static final ResourceDefinitionContext POLICIES = new ResourceDefinitionContext.Builder()
            .withGroup(RebootPolicies.GROUP).withVersion(RebootPolicies.VERSION).withPlural(RebootPolicies.PLURAL)
            .withKind(RebootPolicies.KIND).withNamespaced(false).build();
    private static final long TIMEOUT_SECONDS = 30;

    private final KubernetesClient client;
    private final Options o;
    private final Map<String, String> env;
    private final PrintStream out;

    Commands(KubernetesClient client, Options options, Map<String, String> env, PrintStream out) {
        this.client = client;
        this.o = options;
        this.env = env;
        this.out = out;
    }

    void run() {
        switch (o.command()) {
            case "status" -> status();
            case "why" -> why();
            case "pause" -> paused(true);
            case "resume" -> paused(false);
            case "reboot" -> control("reboot", "REQUEST_REBOOT");
            default -> control("release", "CANCEL");
        }
    }

    private void status() {
        Map<?, ?> status = status(policy());
        if (o.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("policy", o.policy());
            doc.put("status", status);
            out.println(Serialization.asJson(doc));
        } else {
            out.print(Render.status(o.policy(), status));
        }
    }

    private void why() {
        Map<?, ?> status = status(policy());
        Map<?, ?> node = node(status, o.node());
        if (node == null) {
            node = fromCoordinator(status);
        }
        out.print(o.json() ? Serialization.asJson(node) + "\n" : Render.why(node));
    }

    private void paused(boolean paused) {
        policy();
        try {
            client.genericKubernetesResources(POLICIES).withName(o.policy())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":" + paused + "}}");
        } catch (KubernetesClientException e) {
            throw kubernetes("could not patch RebootPolicy " + o.policy(), e);
        }
        if (o.json()) {
            out.println("{\"policy\":\"" + o.policy() + "\",\"paused\":" + paused + "}");
        } else {
            out.println("RebootPolicy " + o.policy() + ": spec.paused=" + paused + (paused
                    ? "; the coordinator grants and reboots nothing more from its next decision"
                    : "; grants resume at the coordinator's next decision (an operator or automatic pause still holds)"));
        }
    }

    /** A node the status leaves out, from the coordinator's {@code GET /nodes/NAME}. */
    private Map<?, ?> fromCoordinator(Map<?, ?> status) {
        HttpResponse<String> response = send(proxied("/nodes/" + encode(o.node())), "GET", optionalToken());
        String body = response.body() == null ? "" : response.body();
        if (response.code() == 200) {
            return json(body);
        }
        if (response.code() == 401) {
            throw new CommandException("why " + o.node() + " needs the coordinator's API token: the status leaves this "
                    + "node out and the coordinator protects reads; --token-secret NAME (the chart's "
                    + "coordinator.api.existingSecret), --token-file PATH or KREBOOT_API_TOKEN");
        }
        if (response.code() == 404 && "unknown-node".equals(json(body).get("error"))) {
            throw new CommandException("unknown node '" + o.node() + "': it has not reported to the coordinator (the "
                    + "coordinator's answer; the status lists only the most pressing "
                    + Render.maps(status.get("nodes")).size() + ")");
        }
        throw refusal("the read of " + o.node(), response.code(), body);
    }

    private void control(String action, String control) {
        node(status(policy()), o.node()); // the coordinator itself checks a node the status leaves out
        String token = token();
        HttpResponse<String> response = send(proxied("/nodes/" + encode(o.node()) + "/" + action + "?by="
                + encode(o.by()) + (o.comment() == null ? "" : "&comment=" + encode(o.comment()))), "POST", token);
        int code = response.code();
        String body = response.body() == null ? "" : response.body();
        if (code == 202) {
            if (o.json()) {
                out.println(body);
            } else {
                out.println(o.node() + ": " + control + " accepted by the coordinator (by " + o.by()
                        + "); the leader applies it with its next poll");
            }
            return;
        }
        throw refusal(action + " of " + o.node(), code, body);
    }

    /** The coordinator's (or the proxy's) answer to {@code what} as one line: unreachable, or refused and why. */
    private CommandException refusal(String what, int code, String body) {
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

    /** A GET or an empty POST through the API server; {@code token} null sends none. */
    private HttpResponse<String> send(String path, String method, String token) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + path;
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

    private String token() {
        String token = optionalToken();
        if (token == null) {
            throw new CommandException(o.command() + " needs the coordinator's API token: --token-secret NAME (the "
                    + "chart's coordinator.api.existingSecret), --token-file PATH or KREBOOT_API_TOKEN");
        }
        return token;
    }

    /** The token from --token-file, --token-secret or KREBOOT_API_TOKEN, in that order; null when none is given. */
    private String optionalToken() {
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
                throw kubernetes("could not read Secret " + o.tokenSecret() + " in " + namespace(), e);
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

    private GenericKubernetesResource policy() {
        GenericKubernetesResource policy;
        try {
            policy = client.genericKubernetesResources(POLICIES).withName(o.policy()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new CommandException("the RebootPolicy CRD is not installed (" + RebootPolicies.PLURAL + "."
                        + RebootPolicies.GROUP + "): install kreboot's chart or its CRD");
            }
            throw kubernetes("could not read RebootPolicy " + o.policy(), e);
        }
        if (policy == null) {
            throw new CommandException("no RebootPolicy named '" + o.policy() + "' (kubectl get rebootpolicies; "
                    + "--policy NAME picks another)");
        }
        return policy;
    }

    private static Map<?, ?> status(GenericKubernetesResource policy) {
        Object status = policy.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || s.isEmpty()) {
            throw new CommandException("RebootPolicy " + policy.getMetadata().getName() + " has no status yet: is a "
                    + "coordinator running, leading and watching it (coordinator.rebootPolicy.name)?");
        }
        return s;
    }

    /**
     * The node's entry in the status; null when the status does not list every node (then only the
     * coordinator can say whether it knows this one); otherwise an unknown node is an error.
     */
    private static Map<?, ?> node(Map<?, ?> status, String name) {
        List<Map<?, ?>> nodes = Render.maps(status.get("nodes"));
        Optional<Map<?, ?>> listed = nodes.stream().filter(n -> name.equals(n.get("node"))).findFirst();
        if (listed.isPresent() || !Render.notListed(status).isEmpty()) {
            return listed.orElse(null);
        }
        throw new CommandException("unknown node '" + name + "': it has not reported to the coordinator ("
                + nodes.size() + " known; kubectl kreboot status lists them)");
    }

    private String namespace() {
        if (o.namespace() != null) {
            return o.namespace();
        }
        String ns = client.getNamespace();
        return ns == null ? "default" : ns;
    }

    private static Map<?, ?> json(String body) {
        try {
            Object parsed = Serialization.unmarshal(body, Map.class);
            return parsed instanceof Map<?, ?> m ? m : Map.of();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private CommandException kubernetes(String what, KubernetesClientException e) {
        if (e.getCode() <= 0) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return new CommandException(what + ": cannot reach the Kubernetes API at " + client.getMasterUrl() + " ("
                    + root + ")", e);
        }
        String reason = e.getCode() == 403 ? "forbidden: your RBAC does not allow it" : "HTTP " + e.getCode();
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : String.valueOf(e.getMessage());
        return new CommandException(what + " (" + reason + "): " + detail.lines().findFirst().orElse(""), e);
    }
}
