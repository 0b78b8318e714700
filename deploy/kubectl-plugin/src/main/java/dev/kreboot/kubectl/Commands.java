package dev.kreboot.kubectl;

import dev.kreboot.schemas.RebootPolicies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands, each through the Kubernetes API with the user's credentials:
 * <ul>
 * <li>{@code status}, {@code why}: read the RebootPolicy's status (RBAC: get rebootpolicies). It
 *     is the coordinator's own view, the same document as its {@code GET /nodes}, at most one
 *     status period old. On a cluster larger than the status lists
 *     ({@code kreboot.policy.status-max-nodes}), {@code why} asks the coordinator's
 *     {@code GET /nodes/NAME} through the service proxy for a node the status leaves out (RBAC: get
 *     services/proxy; the API token only if the coordinator protects reads).</li>
 * <li>{@code pause}, {@code resume}: a JSON merge patch of {@code spec.paused} (RBAC: patch
 *     rebootpolicies). Declarative and durable: the coordinator reads it like any other spec
 *     change, every replica sees it, a failover keeps it, and GitOps can own it.</li>
 * <li>{@code reboot}, {@code release}: a POST to the coordinator's HTTP API through the API
 *     server's service proxy, {@link CoordinatorApi} (RBAC: create services/proxy on the
 *     coordinator's Service; plus the API token, sent as {@code X-Kreboot-Token} because the API server removes
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

    private final KubernetesClient client;
    private final Options o;
    private final CoordinatorApi api;
    private final PrintStream out;

    Commands(KubernetesClient client, Options options, Map<String, String> env, PrintStream out) {
        this.client = client;
        this.o = options;
        this.api = new CoordinatorApi(client, options, env);
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
            throw kubernetes(client, "could not patch RebootPolicy " + o.policy(), e);
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
        HttpResponse<String> response = api.send("GET", "/nodes/" + CoordinatorApi.encode(o.node()),
                api.optionalToken());
        String body = response.body() == null ? "" : response.body();
        if (response.code() == 200) {
            return CoordinatorApi.json(body);
        }
        if (response.code() == 401) {
            throw new CommandException("why " + o.node() + " needs the coordinator's API token: the status leaves this "
                    + "node out and the coordinator protects reads; --token-secret NAME (the chart's "
                    + "coordinator.api.existingSecret), --token-file PATH or KREBOOT_API_TOKEN");
        }
        if (response.code() == 404 && "unknown-node".equals(CoordinatorApi.json(body).get("error"))) {
            throw new CommandException("unknown node '" + o.node() + "': it has not reported to the coordinator (the "
                    + "coordinator's answer; the status lists only the most pressing "
                    + Render.maps(status.get("nodes")).size() + ")");
        }
        throw api.refusal("the read of " + o.node(), response.code(), body);
    }

    private void control(String action, String control) {
        node(status(policy()), o.node()); // the coordinator itself checks a node the status leaves out
        String token = api.token();
        HttpResponse<String> response = api.send("POST", "/nodes/" + CoordinatorApi.encode(o.node()) + "/" + action
                + "?by=" + CoordinatorApi.encode(o.by())
                + (o.comment() == null ? "" : "&comment=" + CoordinatorApi.encode(o.comment())), token);
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
        throw api.refusal(action + " of " + o.node(), code, body);
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
            throw kubernetes(client, "could not read RebootPolicy " + o.policy(), e);
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

    /** A failed Kubernetes call as one line: unreachable, forbidden by RBAC, or the API server's own message. */
    static CommandException kubernetes(KubernetesClient client, String what, KubernetesClientException e) {
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
