package dev.kreboot.schemas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one real schema registry of a test JVM: Apicurio Registry 2.6 (in-memory storage) as a child
 * JVM on a free loopback port, started on first use, ready when its system API answers, stopped
 * when the test JVM exits. The build unpacks the app and names its folder in the system property
 * {@code kreboot.apicurio.home} (failsafe only, so only {@code *IT} tests use it); the child's
 * output goes to {@code registry.log} beside it.
 */
public final class ApicurioRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final String RUNNER = "apicurio-registry-app-2.6.13.Final-runner.jar";
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);
    private static ApicurioRegistry instance;

    private final Process process;
    private final URI url;

    private ApicurioRegistry(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** The registry's base URL ({@code http://127.0.0.1:<port>}), starting it on first use. */
    public static synchronized URI url() {
        if (instance == null) {
            instance = start();
            ApicurioRegistry started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "apicurio-registry-shutdown"));
        }
        return instance.url;
    }

    private static ApicurioRegistry start() {
        String home = System.getProperty("kreboot.apicurio.home");
        if (home == null || !Files.isRegularFile(Path.of(home, RUNNER))) {
            throw new IllegalStateException("no Apicurio Registry at kreboot.apicurio.home=" + home
                    + ": the build unpacks it in pre-integration-test (run the *IT tests through failsafe)");
        }
        int port = freePort();
        Path log = Path.of(home, "registry.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long startedAt = System.nanoTime();
        try {
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-jar", RUNNER))
                    .directory(Path.of(home).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            URI url = URI.create("http://127.0.0.1:" + port);
            awaitReady(process, url, log);
            LOG.info("schema registry: Apicurio Registry 2.6.13 (in memory) at {}, ready in {} ms", url,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            return new ApicurioRegistry(process, url);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Apicurio Registry from " + home, e);
        }
    }

    private static void awaitReady(Process process, URI url, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(url.resolve("/apis/registry/v2/system/info"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while starting Apicurio Registry", e);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while starting Apicurio Registry", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Apicurio Registry not ready within " + START_DEADLINE + "; see " + log);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
