package dev.kreboot.agent;

import static dev.kreboot.agent.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.PackagedServiceChecks;
import dev.kreboot.schemas.testing.Seeds;
import dev.kreboot.schemas.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the image ships, checked after {@code package} built it (see {@link PackagedServiceChecks}), and the agent's own. */
class PackagedArtifactIT extends PackagedServiceChecks {
    private static final Pattern PORT = Pattern.compile("/prometheus on port (\\d+)");

    PackagedArtifactIT() {
        super("kreboot-node-agent.jar", NodeAgent.class, "kreboot.node-name");
    }

    @Test
    void noMicronautJarShipsWithTheAgent() throws IOException {
        try (JarFile jar = new JarFile(artifact.jar().toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertFalse(classPath.contains("micronaut"), classPath);
            assertFalse(classPath.contains("netty"), classPath);
        }
        try (var lib = Files.list(artifact.jar().resolveSibling("lib"))) {
            assertEquals(0, lib.filter(p -> p.getFileName().toString().contains("micronaut")).count());
        }
    }

    @Test
    void theJarServesHealthAndStopsCleanlyOnSigterm(@TempDir Path host) throws Exception {
        Path output = host.resolve("agent.log");
        Files.writeString(host.resolve("boot_id"), "boot-1\n");
        try (MockApi api = MockApi.start()) {
            api.client().resource(Seeds.node("node-p", true, false)).create();
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", artifact.jar().toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().put("KREBOOT_NODE_NAME", "node-p");
            builder.environment().put("KREBOOT_CLUSTER", "it");
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers());
            builder.environment().put("KREBOOT_TOPIC_PREFIX", "it" + UUID.randomUUID().toString().substring(0, 8) + ".");
            builder.environment().put("KREBOOT_KUBERNETES_MASTER_URL", api.url());
            builder.environment().put("KREBOOT_SENSOR_SENTINEL", host.resolve("reboot-required").toString());
            builder.environment().put("KREBOOT_SENSOR_BOOT_ID_FILE", host.resolve("boot_id").toString());
            builder.environment().put("KREBOOT_EXECUTOR_BOOT_ID_FILE", host.resolve("boot_id").toString());
            builder.environment().put("PORT", "0");
            Process process = builder.start();
            try {
                int[] port = {-1};
                await(Duration.ofSeconds(90), () -> read(output), () -> {
                    Matcher m = PORT.matcher(read(output));
                    if (m.find()) {
                        port[0] = Integer.parseInt(m.group(1));
                    }
                    return port[0] > 0 || !process.isAlive();
                });
                assertTrue(process.isAlive(), read(output));
                await(Duration.ofSeconds(60), () -> read(output), () -> status(port[0], "/health") == 200);
                assertEquals(200, status(port[0], "/health/liveness"));
                assertEquals(200, status(port[0], "/prometheus"));

                process.destroy();
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM: " + read(output));
            } finally {
                process.destroyForcibly();
            }
            String log = read(output);
            // 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
            assertEquals(143, process.exitValue(), log);
            assertTrue(log.contains("stopping the node agent"), log);
            assertFalse(log.contains(" ERROR "), log);
        }
    }

    private static int status(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
