package dev.kreboot.executor.app;

import static dev.kreboot.executor.app.TestCommands.BOOT_1;
import static dev.kreboot.executor.app.TestCommands.NODE;
import static dev.kreboot.executor.app.TestCommands.drain;
import static dev.kreboot.executor.testing.Await.await;

import dev.kreboot.executor.config.ExecutorSettings;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Reason;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.Seeds;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the executor's behaviour tests share: fabric8's API server, the recording fakes, executors on
 * {@link TestCommands#NODE} with fast test settings (closed after each test), and reads of the node.
 * A subclass seeds its own pods in its own {@code @BeforeEach}, which JUnit runs after {@link #startApi()}.
 */
abstract class NodeExecutorHarness {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String BOOT_2 = "boot-2";

    MockApi api;
    KubernetesClient client;
    final Fakes.RecordingSink sink = new Fakes.RecordingSink();
    final Fakes.RecordingRebooter rebooter = new Fakes.RecordingRebooter();
    final Fakes.MutableBootId bootId = new Fakes.MutableBootId(BOOT_1);
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final List<NodeExecutor> executors = new ArrayList<>();
    private final String[] classOverrides;

    /** @param classOverrides key, value pairs every executor of the subclass gets on top of the test settings */
    NodeExecutorHarness(String... classOverrides) {
        this.classOverrides = classOverrides.clone();
    }

    @BeforeEach
    final void startApi() {
        api = MockApi.start();
        client = api.client();
    }

    @AfterEach
    final void closeExecutorsAndApi() {
        executors.forEach(NodeExecutor::close);
        api.close();
    }

    /** The test settings, then the subclass's, then {@code overrides} (key, value pairs), later ones winning. */
    final Map<String, String> settings(String... overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "kreboot.node-name", NODE,
                "kreboot.cluster", "test",
                "kreboot.instance", "executor-0",
                "kreboot.executor.poll-interval", "50ms",
                "kreboot.executor.eviction-retry-interval", "100ms",
                "kreboot.executor.drain-timeout", "30s",
                "kreboot.executor.ready-timeout", "30s"));
        putPairs(props, classOverrides);
        putPairs(props, overrides);
        return props;
    }

    private static void putPairs(Map<String, String> props, String[] pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
    }

    /** An executor with the recording rebooter that accepts every command. */
    final NodeExecutor executor(String... overrides) {
        return executor(rebooter, CommandVerifier.ACCEPT_ALL, overrides);
    }

    final NodeExecutor executor(Rebooter host, CommandVerifier verifier, String... overrides) {
        return closedAfterTheTest(new NodeExecutor(ExecutorSettings.from(settings(overrides)), client, host, bootId, sink,
                verifier, Clock.systemUTC(), metrics));
    }

    /** A host that records the reboot request and is back at once, with boot id {@link #BOOT_2}. */
    final Rebooter aHostThatBootsAtOnce() {
        return (node, rebootId) -> {
            rebooter.reboot(node, rebootId);
            bootId.set(BOOT_2);
        };
    }

    /** Registers an executor the test built itself, so that it is closed after the test. */
    final NodeExecutor closedAfterTheTest(NodeExecutor executor) {
        executors.add(executor);
        return executor;
    }

    /**
     * Starts draining for reboot r1 against a disruption budget that lets no web pod go, with a drain
     * timeout of 1s (and {@code overrides} on top): the drain cannot finish by itself.
     */
    final NodeExecutor drainBlockedByABudget(String... overrides) {
        client.resource(Seeds.minAvailable("default", "web-pdb", "web", 3)).create();
        String[] settings = new String[overrides.length + 2];
        settings[0] = "kreboot.executor.drain-timeout";
        settings[1] = "1s";
        System.arraycopy(overrides, 0, settings, 2, overrides.length);
        NodeExecutor executor = executor(settings);
        executor.submit(drain(1, "r1"));
        return executor;
    }

    final void seedNode(boolean unschedulable) {
        client.resource(Seeds.node(NODE, true, unschedulable)).create();
    }

    final Node node() {
        return client.nodes().withName(NODE).get();
    }

    final Map<String, String> annotations() {
        return Objects.requireNonNullElse(node().getMetadata().getAnnotations(), Map.of());
    }

    final boolean unschedulable() {
        return Boolean.TRUE.equals(node().getSpec().getUnschedulable());
    }

    /** Every pod left in the cluster, as namespace/name. */
    final Set<String> podNames() {
        return client.pods().inAnyNamespace().list().getItems().stream()
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).collect(Collectors.toSet());
    }

    final void awaitPhase(ProgressPhase phase) {
        await(WAIT, () -> phase + " in " + sink.phases(), () -> sink.phases().contains(phase));
    }

    /** Waits until the executor has handled everything submitted so far. */
    static void settle(NodeExecutor executor) throws Exception {
        executor.processed().get(10, TimeUnit.SECONDS);
    }

    static List<String> reasonCodes(NodeProgress progress) {
        return progress.getReasons().stream().map(Reason::getCode).toList();
    }
}
