package dev.kreboot.sensor.testing;

import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.sensor.config.SensorSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The deployed shell started in the test: the whole application with its HTTP server on a free
 * port, publishing to the shared test broker. Closing it closes the application context.
 */
public final class SensorApp implements AutoCloseable {
    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private SensorApp(EmbeddedServer server) {
        this.server = server;
    }

    /**
     * The application's properties for {@code node} on {@code host}: the host's settings, a free
     * HTTP port, the test broker, {@code topicPrefix}, and an hour's period so that only the
     * start-up check runs. Mutable, for a test's own additions.
     */
    public static Map<String, Object> properties(HostFolder host, String node, String topicPrefix) {
        Map<String, Object> props = new HashMap<>(host.properties(node));
        props.put("micronaut.server.port", -1);
        props.put(SensorSettings.BOOTSTRAP_SERVERS, TestBroker.bootstrapServers());
        props.put(SensorSettings.TOPIC_PREFIX, topicPrefix);
        props.put(SensorSettings.PERIOD, "1h");
        return props;
    }

    public static SensorApp start(Map<String, Object> props) {
        return new SensorApp(ApplicationContext.run(EmbeddedServer.class, props));
    }

    /** A GET of {@code path} on the application's HTTP server, the body as text. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
