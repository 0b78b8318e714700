package dev.kreboot.executor;

import dev.kreboot.executor.app.NodeExecutor;
import dev.kreboot.executor.config.ExecutorSettings;
import dev.kreboot.executor.host.Rebooters;
import dev.kreboot.executor.host.FileBootIdSource;
import dev.kreboot.executor.kafka.CommandFollower;
import dev.kreboot.executor.kafka.KafkaProgressSink;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.executor.app.CommandVerifier;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.wire.WireFormat;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployed executor, wired from settings: Kafka clients, the Kubernetes client, the host
 * adapters, the {@link NodeExecutor} and the {@link CommandFollower} that feeds it. Closed in
 * reverse order of start.
 */
public final class ExecutorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorRuntime.class);
    /**
     * fabric8 retries a 429 with backoff ~19 s by default before {@code evict()} answers false.
     * The executor repeats failed calls itself ({@code kreboot.executor.api-retries}, counted and
     * logged) and the drain has its own eviction retry interval, so the client does not retry.
     */
    private static final int KUBERNETES_REQUEST_RETRIES = 0;

    private final Producer<String, byte[]> producer;
    private final KubernetesClient kubernetes;
    private final NodeExecutor executor;
    private final CommandFollower follower;

    private ExecutorRuntime(Producer<String, byte[]> producer, KubernetesClient kubernetes, NodeExecutor executor,
                            CommandFollower follower) {
        this.producer = producer;
        this.kubernetes = kubernetes;
        this.executor = executor;
        this.follower = follower;
    }

    /**
     * The one way the executor starts (its Micronaut factory and the node agent): every caller
     * passes its own clients, verifier and wire format, so none runs on a default it did not choose.
     *
     * @param clients  Kafka clients with the service's kafka.* settings (security, SASL, TLS)
     * @param verifier which commands come from the coordinator ({@link SignatureVerifier} when keys are mounted)
     * @param format the service's one wire format ({@code WireFormats.create(WireSettings.from(...))}),
     *     shared by the progress sink and the command reader
     */
    public static ExecutorRuntime start(ExecutorSettings settings, MeterRegistry metrics, KafkaClients clients,
                                        CommandVerifier verifier, WireFormat format) {
        Topics topics = settings.topics();
        if (settings.createTopics()) {
            TopicProvisioner.ensure(clients, topics.specs(settings.commandPartitions()), (short) 1);
        }
        String clientId = "kreboot-executor-" + settings.nodeName();
        Producer<String, byte[]> producer = clients.producer(clientId);
        KubernetesClient kubernetes = kubernetesClient(settings);
        NodeExecutor executor = new NodeExecutor(settings, kubernetes, Rebooters.from(settings),
                new FileBootIdSource(settings.bootIdFile()),
                new KafkaProgressSink(new RecordSender(producer, format, metrics), topics), verifier, Clock.systemUTC(),
                metrics);
        DeadLetters deadLetters = new DeadLetters(producer, format, topics.dlq(), "executor", metrics);
        CommandFollower follower = new CommandFollower(clients.consumer(clientId, null), deadLetters, topics.commands(),
                settings.nodeName(), executor).start();
        LOG.info("executor for node {} started", settings.nodeName());
        return new ExecutorRuntime(producer, kubernetes, executor, follower);
    }

    static KubernetesClient kubernetesClient(ExecutorSettings settings) {
        Config config = Config.autoConfigure(null);
        if (settings.kubernetesMasterUrl() != null) {
            config.setMasterUrl(settings.kubernetesMasterUrl());
        }
        config.setRequestRetryBackoffLimit(KUBERNETES_REQUEST_RETRIES);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public NodeExecutor executor() {
        return executor;
    }

    @Override
    public void close() {
        follower.close();
        executor.close();
        producer.close(Duration.ofSeconds(5));
        kubernetes.close();
    }
}
