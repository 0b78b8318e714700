package dev.kreboot.notifier.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP webhook receiver on 127.0.0.1 with a scripted answer per request. It records every
 * request with the time it arrived (server side), its headers, its parsed JSON body and the status
 * it was given.
 */
public final class WebhookSink implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it. */
    public record Request(long receivedNanos, String path, Map<String, List<String>> headers, JsonNode body,
                          int status, String method) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        public String eventId() {
            return body.path("eventId").asText();
        }

        public String node() {
            return body.path("node").asText();
        }

        public boolean accepted() {
            return status / 100 == 2;
        }
    }

    /** The answer to give. */
    public record Response(int status, Map<String, String> headers, String body) {
        public static Response ok() {
            return new Response(200, Map.of(), "");
        }

        public static Response status(int status) {
            return new Response(status, Map.of(), "");
        }

        public static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body);
        }
    }

    /** Picks the answer for the {@code attempt}-th request (1-based) this sink received. */
    @FunctionalInterface
    public interface Responder {
        Response answer(int attempt, JsonNode body);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "webhook-sink");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Responder responder = (attempt, body) -> Response.ok();
    private int attempts;

    public WebhookSink() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public WebhookSink respond(Responder responder) {
        this.responder = responder;
        return this;
    }

    public WebhookSink alwaysAnswer(int status) {
        return respond((attempt, body) -> Response.status(status));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> accepted() {
        return requests.stream().filter(Request::accepted).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            Response response;
            synchronized (this) {
                response = responder.answer(++attempts, body);
            }
            requests.add(new Request(received, exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body, response.status(), exchange.getRequestMethod()));
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
