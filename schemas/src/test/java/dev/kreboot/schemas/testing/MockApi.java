package dev.kreboot.schemas.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/** A fabric8 mock API server in CRUD mode with an {@link EvictingCrudDispatcher}, and a client for it. */
public final class MockApi implements AutoCloseable {
    private final EvictingCrudDispatcher dispatcher;
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockApi(java.time.Duration terminationDelay) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        dispatcher = new EvictingCrudDispatcher(responses, terminationDelay);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                dispatcher, false);
        server.init();
        // No client-side retries of a 429: the executor retries evictions on its own schedule.
        client = server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    public static MockApi start() {
        return new MockApi(java.time.Duration.ZERO);
    }

    /** Evicted pods linger, terminating, for {@code terminationDelay} before they are gone. */
    public static MockApi start(java.time.Duration terminationDelay) {
        return new MockApi(terminationDelay);
    }

    public KubernetesClient client() {
        return client;
    }

    public KubernetesMockServer server() {
        return server;
    }

    public EvictingCrudDispatcher dispatcher() {
        return dispatcher;
    }

    /** The base URL a separately built client (the Micronaut app's) can use. */
    public String url() {
        return server.url("/");
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
