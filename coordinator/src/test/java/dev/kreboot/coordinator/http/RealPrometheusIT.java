package dev.kreboot.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.coordinator.app.Blocker;
import dev.kreboot.coordinator.domain.AlertFilter;
import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.schemas.kafka.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocker against a real Prometheus (Debian's {@code prometheus} package) evaluating an
 * always-firing rule labelled with a node. Skipped, with the reason logged, where the binary is
 * not on the PATH.
 */
class RealPrometheusIT {
    private static final Logger LOG = LoggerFactory.getLogger(RealPrometheusIT.class);
    private Process prometheus;

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    private static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void anAlwaysFiringRuleBlocksItsNodeAndAFilterLetsItThrough(@TempDir Path dir) throws Exception {
        Path binary = binary();
        if (binary == null) {
            LOG.warn("SKIPPED RealPrometheusIT: no prometheus binary on the PATH (apt-get install prometheus)");
        }
        Assumptions.assumeTrue(binary != null, "no prometheus binary on the PATH");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: kreboot-test
                    interval: 1s
                    rules:
                      - alert: AlwaysFiring
                        expr: vector(1)
                        labels:
                          node: n1
                """);
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  evaluation_interval: 1s
                rule_files:
                  - rules.yml
                """);
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusClient client = new PrometheusClient("http://127.0.0.1:" + port, Duration.ofSeconds(5),
                new SimpleMeterRegistry());
        Blocker scoped = new PrometheusAlertBlocker(client, new AlertFilter(null, false, true, "node"));
        AtomicReference<Blocker.Verdict> last = new AtomicReference<>();
        Await.until(Duration.ofSeconds(90), "the rule fires", () -> {
            last.set(scoped.evaluate(List.of("n1", "n2")));
            return last.get().nodes().containsKey("n1");
        });
        assertEquals(List.of(), last.get().cluster());
        assertEquals(Map.of("n1", List.of(BlockReason.ALERTS_ACTIVE)), last.get().nodes());
        Blocker filtered = new PrometheusAlertBlocker(client,
                new AlertFilter(Pattern.compile("AlwaysFiring"), false, false, null));
        assertEquals(List.of(), filtered.evaluate(List.of("n1")).cluster());
        Blocker unscoped = new PrometheusAlertBlocker(client, new AlertFilter(null, false, false, null));
        assertEquals(List.of(BlockReason.ALERTS_ACTIVE), unscoped.evaluate(List.of("n2")).cluster());
    }
}
