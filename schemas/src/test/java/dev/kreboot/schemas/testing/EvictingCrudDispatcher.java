package dev.kreboot.schemas.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD-mode API server plus the two things the plain CRUD mock gets wrong for a drain:
 * <ol>
 *   <li>{@code POST /api/v1/namespaces/{ns}/pods/{name}/eviction}: 404 if the pod is gone; 429
 *       if a PodDisruptionBudget in the store that selects the pod allows no disruption now;
 *       otherwise the pod is deleted from the store and the answer is 201, as the real API does.
 *       Budgets are evaluated from their spec (no disruption controller runs here): healthy pods
 *       are the selected pods without a deletion timestamp whose phase is Running or unset;
 *       {@code minAvailable} allows {@code healthy - minAvailable} disruptions,
 *       {@code maxUnavailable} allows {@code maxUnavailable - (selected - healthy)}, percentages of
 *       the selected count rounded up. A budget with a null selector selects nothing, an empty
 *       selector every pod of its namespace (policy/v1).</li>
 *   <li>Pod lists with the field selector {@code spec.nodeName=X} (the CRUD mock answers them
 *       with an empty list): listed without that term, then filtered by node.</li>
 * </ol>
 * With a termination delay, an accepted eviction leaves the pod in place, terminating (unhealthy for
 * every budget), for that long before it disappears, as a pod with a grace period does; a drain
 * then takes about that long. Everything else goes to the registered expectations
 * ({@code server.expect()}) first, then the CRUD store. It works on the CRUD store directly and never through a client: a client call from
 * inside the mock server's dispatch deadlocks it.
 */
public final class EvictingCrudDispatcher extends Dispatcher implements Resetable {
    private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(\\?.*)?");
    private static final Pattern POD_LIST = Pattern.compile("/api/v1(/namespaces/[^/]+)?/pods\\?(.*)");
    private static final String NODE_FIELD = "spec.nodeName=";

    private final Map<ServerRequest, Queue<ServerResponse>> responses;
    private final MockDispatcher expectations;
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final List<String> evicted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> terminating = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.time.Duration terminationDelay;
    private final java.util.concurrent.ScheduledExecutorService reaper;

    public EvictingCrudDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
        this(responses, java.time.Duration.ZERO);
    }

    public EvictingCrudDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, java.time.Duration terminationDelay) {
        this.responses = responses;
        this.expectations = new MockDispatcher(responses);
        this.terminationDelay = terminationDelay;
        this.reaper = terminationDelay.isZero() ? null : java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pod-terminator");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code namespace/name} of every pod whose eviction was accepted, in order. */
    public List<String> evicted() {
        return List.copyOf(evicted);
    }

    /** {@code namespace/name} of every eviction refused with 429, in order. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Queue<ServerResponse> expected = responses.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
        if (expected != null && !expected.isEmpty()) {
            return expectations.dispatch(request);
        }
        String path = request.getPath();
        Matcher eviction = EVICTION.matcher(path);
        if ("POST".equals(request.getMethod()) && eviction.matches()) {
            return evict(decode(eviction.group(1)), decode(eviction.group(2)));
        }
        Matcher list = POD_LIST.matcher(path);
        if ("GET".equals(request.getMethod()) && list.matches()) {
            String node = nodeField(list.group(2));
            if (node != null && !list.group(2).contains("watch=true")) {
                return podsOnNode(path, node);
            }
        }
        return crud.dispatch(request);
    }

    private synchronized MockResponse evict(String namespace, String name) {
        String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
        MockResponse found = crud.handleGet(podPath);
        if (found.code() == 404) {
            return status(404, "NotFound", "pods \"" + name + "\" not found");
        }
        Pod pod = Serialization.unmarshal(found.getBody().readUtf8(), Pod.class);
        List<Pod> inNamespace = list("/api/v1/namespaces/" + namespace + "/pods", PodList.class).getItems();
        for (PodDisruptionBudget budget : list("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets",
                PodDisruptionBudgetList.class).getItems()) {
            LabelSelector selector = budget.getSpec() == null ? null : budget.getSpec().getSelector();
            if (!selects(selector, pod)) {
                continue;
            }
            List<Pod> selected = inNamespace.stream().filter(p -> selects(selector, p)).toList();
            int healthy = (int) selected.stream().filter(this::healthy).count();
            int allowed = disruptionsAllowed(budget, selected.size(), healthy);
            if (allowed <= 0) {
                refused.add(namespace + "/" + name);
                return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget. "
                        + "The disruption budget " + budget.getMetadata().getName() + " allows " + allowed
                        + " disruption(s) with " + healthy + " healthy pod(s)");
            }
        }
        String key = namespace + "/" + name;
        if (terminating.contains(key)) {
            return status(201, null, null);
        }
        evicted.add(key);
        if (reaper == null) {
            crud.handleDelete(podPath);
        } else {
            terminating.add(key);
            reaper.schedule(() -> {
                synchronized (this) {
                    crud.handleDelete(podPath);
                    terminating.remove(key);
                }
            }, terminationDelay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return status(201, null, null);
    }

    private MockResponse podsOnNode(String path, String node) {
        MockResponse all = crud.handleGet(withoutNodeField(path));
        if (all.code() != 200) {
            return all;
        }
        PodList pods = Serialization.unmarshal(all.getBody().readUtf8(), PodList.class);
        pods.setItems(new ArrayList<>(pods.getItems().stream()
                .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
                .toList()));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(pods));
    }

    private <T> T list(String path, Class<T> type) {
        return Serialization.unmarshal(crud.handleGet(path).getBody().readUtf8(), type);
    }

    static int disruptionsAllowed(PodDisruptionBudget budget, int selected, int healthy) {
        var spec = budget.getSpec();
        if (spec.getMinAvailable() != null) {
            return healthy - resolve(spec.getMinAvailable(), selected);
        }
        if (spec.getMaxUnavailable() != null) {
            return resolve(spec.getMaxUnavailable(), selected) - (selected - healthy);
        }
        return Integer.MAX_VALUE;
    }

    private static int resolve(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = Objects.requireNonNull(value.getStrVal(), "IntOrString").trim();
        if (text.endsWith("%")) {
            int percent = Integer.parseInt(text.substring(0, text.length() - 1));
            return (int) Math.ceil(total * percent / 100.0);
        }
        return Integer.parseInt(text);
    }

    private boolean healthy(Pod pod) {
        if (terminating.contains(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName())) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return pod.getMetadata().getDeletionTimestamp() == null && (phase == null || "Running".equals(phase));
    }

    static boolean selects(LabelSelector selector, Pod pod) {
        if (selector == null) {
            return false;
        }
        Map<String, String> labels = Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.of());
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                List<String> values = Objects.requireNonNullElse(r.getValues(), List.of());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> labels.containsKey(r.getKey()) && values.contains(labels.get(r.getKey()));
                    case "NotIn" -> !labels.containsKey(r.getKey()) || !values.contains(labels.get(r.getKey()));
                    case "Exists" -> labels.containsKey(r.getKey());
                    case "DoesNotExist" -> !labels.containsKey(r.getKey());
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String nodeField(String query) {
        for (String param : query.split("&")) {
            if (param.startsWith("fieldSelector=")) {
                for (String term : decode(param.substring("fieldSelector=".length())).split(",")) {
                    if (term.startsWith(NODE_FIELD)) {
                        return term.substring(NODE_FIELD.length());
                    }
                }
            }
        }
        return null;
    }

    private static String withoutNodeField(String path) {
        int q = path.indexOf('?');
        List<String> kept = new ArrayList<>();
        for (String param : path.substring(q + 1).split("&")) {
            if (param.startsWith("fieldSelector=")) {
                List<String> terms = new ArrayList<>();
                for (String term : decode(param.substring("fieldSelector=".length())).split(",")) {
                    if (!term.startsWith(NODE_FIELD) && !term.isEmpty()) {
                        terms.add(term);
                    }
                }
                if (!terms.isEmpty()) {
                    kept.add("fieldSelector=" + URLEncoder.encode(String.join(",", terms), StandardCharsets.UTF_8));
                }
            } else {
                kept.add(param);
            }
        }
        return path.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static MockResponse status(int code, String reason, String message) {
        Status status = new StatusBuilder().withCode(code).withStatus(code < 300 ? "Success" : "Failure")
                .withReason(reason).withMessage(message).build();
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }

    @Override
    public void reset() {
        crud.reset();
        evicted.clear();
        refused.clear();
    }

    @Override
    public void shutdown() {
        if (reaper != null) {
            reaper.shutdownNow();
        }
        expectations.shutdown();
        crud.shutdown();
    }
}
