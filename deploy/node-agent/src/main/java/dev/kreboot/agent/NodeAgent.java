package dev.kreboot.agent;

import dev.kreboot.agent.domain.Health;
import dev.kreboot.agent.domain.SettingNames;
import dev.kreboot.executor.ExecutorRuntime;
import dev.kreboot.executor.app.CommandVerifier;
import dev.kreboot.executor.app.SignatureVerifier;
import dev.kreboot.executor.config.ExecutorSettings;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.registry.WireFormats;
import dev.kreboot.schemas.signing.SigningKeys;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import dev.kreboot.sensor.app.NodeSensor;
import dev.kreboot.sensor.app.SentinelProbe;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.host.CommandSentinelProbe;
import dev.kreboot.sensor.host.SentinelProbes;
import dev.kreboot.sensor.kafka.KafkaStatusSink;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process per node hosting the node-sensor core and the executor core, without Micronaut.
 *
 * <p>Why: each Micronaut service JVM carries its own Micronaut, Netty, Jackson and Kafka client
 * classes (9,700-12,600 classes, 40-55 MB of metaspace), which no JVM flag removes; two of them
 * cost a node ~300 MiB. Here the cores are the same plain objects the services build
 * ({@link NodeSensor}, {@link ExecutorRuntime}), from the same settings records with the same
 * keys and kured aliases, so every behaviour the services' tests pin down is the behaviour run
 * here. They stay two services on the wire: the sensor publishes NodeStatus with its own producer
 * and client id; the executor follows commands and publishes NodeProgress with its own; neither
 * calls the other.
 *
 * <p>Start-up, in order (any failure closes what was started and the process exits 1 with a
 * message naming the setting):
 * <ol>
 *   <li>read both settings records, the wire format, the {@code kafka.*} client settings and the
 *       signing keys from system properties and the environment ({@link SettingNames});</li>
 *   <li>start the sensor (topic, producer, probe, first look);</li>
 *   <li>start the executor runtime (topics, producer, Kubernetes client, command follower);</li>
 *   <li>serve health and metrics; on SIGTERM close in reverse order.</li>
 * </ol>
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    /** Micronaut's own port key and the {@code PORT} variable the services' application.yml reads. */
    static final String SERVER_PORT = "micronaut.server.port";
    static final String PORT = "PORT";
    static final int DEFAULT_PORT = 8080;
    /** The executor's signing keys, as the executor service reads them. */
    static final String SIGNING_KEY_DIR = "kreboot.signing.key-dir";
    static final String SIGNING_KEY_ID = "kreboot.signing.key-id";
    static final String DEFAULT_KEY_ID = "kreboot";

    // The sensor's producer, as the node-sensor service configures it (SensorFactory).
    private static final int UNUSED_COMMAND_PARTITIONS = 1;
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, Object> SENSOR_PRODUCER_TIMEOUTS = Map.of(
            "max.block.ms", 10_000, "request.timeout.ms", 10_000, "delivery.timeout.ms", 30_000);

    private final Deque<AutoCloseable> started;
    private final SensorSettings sensorSettings;
    private final ExecutorSettings executorSettings;
    private final NodeSensor sensor;
    private final ExecutorRuntime executor;
    private final AgentHttp http;
    private final PrometheusMeterRegistry registry;

    private NodeAgent(Deque<AutoCloseable> started, SensorSettings sensorSettings, ExecutorSettings executorSettings,
                      NodeSensor sensor, ExecutorRuntime executor, AgentHttp http, PrometheusMeterRegistry registry) {
        this.started = started;
        this.sensorSettings = sensorSettings;
        this.executorSettings = executorSettings;
        this.sensor = sensor;
        this.executor = executor;
        this.http = http;
        this.registry = registry;
    }

    public static void main(String[] args) {
        NodeAgent agent;
        try {
            agent = start(systemProperties(), System.getenv());
        } catch (RuntimeException | java.io.IOException e) {
            // One line naming the setting: the settings records' messages start with the key.
            LOG.error("node agent failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping the node agent");
            agent.close();
            stopped.countDown();
        }, "agent-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the sensor, the executor and the endpoints from these properties and this environment
     * (named as {@link SettingNames} describes).
     *
     * @throws IllegalArgumentException a setting is missing or invalid; the message names its key
     */
    public static NodeAgent start(Map<String, String> systemProperties, Map<String, String> environment)
            throws java.io.IOException {
        // 1. Every setting before anything starts, so a bad one fails before a client connects.
        SensorSettings sensorSettings = SensorSettings.from(
                SettingNames.lookUp(SensorSettings.KEYS, systemProperties, environment), environment);
        ExecutorSettings executorSettings = ExecutorSettings.from(
                SettingNames.lookUp(ExecutorSettings.KEYS, systemProperties, environment));
        executorSettings.requireBootstrapServers();
        sensorSettings.requireBootstrapServers();
        Map<String, String> wireProps = SettingNames.lookUp(WireSettings.KEYS, systemProperties, environment);
        WireSettings wire = WireSettings.read(key -> Optional.ofNullable(wireProps.get(key)));
        KafkaClients clients = KafkaClients.of(SettingNames.kafka(systemProperties, environment));
        int port = port(systemProperties, environment);
        Map<String, String> signing = SettingNames.lookUp(List.of(SIGNING_KEY_DIR, SIGNING_KEY_ID),
                systemProperties, environment);
        LOG.info("sensor settings: {}", sensorSettings);
        LOG.info("executor settings: {}", executorSettings.effective());
        LOG.info("wire format: {}", wire);
        LOG.info("Kafka clients: {}", clients);
        CommandVerifier verifier = verifier(signing);
        WireFormat format = WireFormats.create(wire);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindJvmMetrics(registry);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        started.push(registry::close);
        try {
            // 2. The sensor, wired as the node-sensor service wires it.
            Topics topics = Topics.withPrefix(sensorSettings.topicPrefix());
            if (sensorSettings.createTopics()) {
                TopicProvisioner.ensure(clients, topics.specs(UNUSED_COMMAND_PARTITIONS).stream()
                        .filter(spec -> spec.name().equals(topics.nodeStatus())).toList(), (short) 1);
            }
            Producer<String, byte[]> statusProducer = clients.with(SENSOR_PRODUCER_TIMEOUTS)
                    .producer("kreboot-node-sensor-" + sensorSettings.nodeName());
            started.push(() -> statusProducer.close(PRODUCER_CLOSE_TIMEOUT));
            SentinelProbe probe = SentinelProbes.of(sensorSettings);
            if (probe instanceof CommandSentinelProbe command) {
                LOG.info("command mode: running {} every {}, timeout {}", command.argv(), sensorSettings.period(),
                        sensorSettings.commandTimeout());
            }
            NodeSensor sensor = new NodeSensor(sensorSettings, probe,
                    new KafkaStatusSink(new RecordSender(statusProducer, format, registry), topics),
                    Clock.systemUTC(), registry);
            started.push(sensor);
            sensor.start();

            // 3. The executor, through the executor service's own runtime.
            ExecutorRuntime executor = ExecutorRuntime.start(executorSettings, registry, clients, verifier, format);
            started.push(executor);

            // 4. Endpoints last: healthy means both cores run.
            AgentHttp http = AgentHttp.start(port, registry,
                    () -> Health.ready(sensor.lastReport(), sensor.lastPublishedSequence(), sensor.published()));
            started.push(http);
            LOG.info("node agent for {} started: sensor and executor in one process", sensorSettings.nodeName());
            return new NodeAgent(started, sensorSettings, executorSettings, sensor, executor, http, registry);
        } catch (RuntimeException | java.io.IOException e) {
            closeAll(started);
            throw e;
        }
    }

    private static CommandVerifier verifier(Map<String, String> signing) {
        String keyDir = signing.get(SIGNING_KEY_DIR);
        if (keyDir == null || keyDir.isBlank()) {
            LOG.warn("{} is not set: commands are NOT verified; anyone who can write to the commands topic can "
                    + "drain and reboot this node", SIGNING_KEY_DIR);
            return CommandVerifier.ACCEPT_ALL;
        }
        String keyId = signing.getOrDefault(SIGNING_KEY_ID, DEFAULT_KEY_ID);
        LOG.info("commands must carry a signature from the keys in {}", keyDir);
        return new SignatureVerifier(SigningKeys.verifierIn(Path.of(keyDir), keyId), Clock.systemUTC());
    }

    /** {@code micronaut.server.port} (property or variable), else {@code PORT}, else 8080; 0 or -1: any free port. */
    static int port(Map<String, String> systemProperties, Map<String, String> environment) {
        Map<String, String> found = SettingNames.lookUp(List.of(SERVER_PORT), systemProperties, environment);
        String key = SERVER_PORT;
        String value = found.get(SERVER_PORT);
        if (value == null) {
            key = PORT;
            value = systemProperties.containsKey(PORT) ? systemProperties.get(PORT) : environment.get(PORT);
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port == -1) {
                return 0;
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(key + " must be a port number (0-65535, or -1 for any), got '"
                        + value + "'");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a port number (0-65535, or -1 for any), got '"
                    + value + "'", e);
        }
    }

    /** The JVM and process meters Micronaut's metrics module binds for the services, under the same names. */
    private static void bindJvmMetrics(PrometheusMeterRegistry registry) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new LogbackMetrics().bindTo(registry);
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> props = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> props.put(name, System.getProperty(name)));
        return props;
    }

    public int port() {
        return http.port();
    }

    public SensorSettings sensorSettings() {
        return sensorSettings;
    }

    public ExecutorSettings executorSettings() {
        return executorSettings;
    }

    public NodeSensor sensor() {
        return sensor;
    }

    public ExecutorRuntime executor() {
        return executor;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Closes the endpoints, the executor, the sensor and its producer, in reverse order of start. */
    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        List<Exception> failures = new ArrayList<>();
        synchronized (started) {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception e) {
                    failures.add(e);
                }
            }
        }
        failures.forEach(e -> LOG.warn("while stopping: {}", e.toString()));
    }
}
