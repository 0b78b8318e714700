package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.name;
import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's own Kafka, proven with Kafka's server rather than by reading YAML: the rendered
 * start script runs with the rendered server.properties and the StatefulSet's environment, the
 * rendered topics Job script creates the topics, and kreboot's Kafka plumbing then writes and
 * reads every topic through the bootstrap address the chart gives the services.
 *
 * <p>No container runtime here, so the image's scripts are stood in for by ones that run the same
 * classes apache/kafka's do ({@code kafka-storage.sh}: {@code kafka.tools.StorageTool},
 * {@code kafka-server-start.sh}: {@code kafka.Kafka}, {@code kafka-topics.sh}: {@code
 * org.apache.kafka.tools.TopicCommand}, {@code kafka-configs.sh}: {@code kafka.admin.ConfigCommand})
 * from Maven Central at the image's version. Only paths that differ outside a pod are changed
 * (the config mount, the work and data directories, KAFKA_HOME) and the pod name the downward API
 * would give; the pods' DNS names resolve to this machine through a hosts file.
 */
class KafkaChartIT {
    private static final Duration DEADLINE = Duration.ofSeconds(180);

    @Test
    void theRenderedBrokerStartsCreatesTheTopicsOfTheContractAndServesTheServices(@TempDir Path dir) throws Exception {
        Path hosts = Path.of(System.getProperty("kreboot.kafka.hosts"));
        assertTrue(Files.isRegularFile(hosts), "hosts file " + hosts);
        // A listener without a host binds every interface and names the machine: as a pod's own
        // name resolves in the pod, this machine's must resolve here.
        String machine = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        if (Files.readAllLines(hosts).stream().noneMatch(l -> l.endsWith(" " + machine))) {
            Files.writeString(hosts, "127.0.0.1 " + machine + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Chart.Rendered r = Chart.render(sets("kafka.deploy.ports.client", Integer.toString(freePort()),
                "kafka.deploy.ports.controller", Integer.toString(freePort()), "kafka.deploy.dataDir", data.toString(),
                "configuration.notifyUrl", "https://hooks.example.com/kreboot"));

        ConfigMap config = r.get(ConfigMap.class, name("kafka"));
        Path mount = Files.createDirectories(dir.resolve("etc-kreboot-kafka"));
        for (Map.Entry<String, String> file : config.getData().entrySet()) {
            Files.writeString(mount.resolve(file.getKey()), file.getValue());
        }
        Path home = fakeKafkaHome(dir.resolve("opt-kafka"), hosts);

        StatefulSet sts = r.get(StatefulSet.class, name("kafka"));
        Container kafka = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = env(kafka);
        String configSource = env.get("KAFKA_CONFIG_SOURCE");
        assertEquals(List.of("/bin/bash", configSource + "/start.sh"), kafka.getCommand());
        env.put("POD_NAME", sts.getMetadata().getName() + "-0");
        env.put("KAFKA_CONFIG_SOURCE", mount.toString());
        env.put("KAFKA_WORK_DIR", dir.resolve("work").toString());
        env.put("LOG_DIR", dir.resolve("work/logs").toString());
        env.put("KAFKA_HOME", home.toString());

        Path brokerLog = dir.resolve("broker.log");
        ProcessBuilder start = new ProcessBuilder("/bin/bash", mount.resolve("start.sh").toString())
                .redirectErrorStream(true).redirectOutput(brokerLog.toFile()).directory(dir.toFile());
        start.environment().putAll(env);
        Process broker = start.start(); // the script execs the JVM: this process becomes the broker
        try {
            String bootstrap = env(r.pod("coordinator")
                    .getContainers().get(0)).get("KAFKA_BOOTSTRAP_SERVERS");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
                until("the broker to answer at " + bootstrap, () -> broker.isAlive() && answers(admin), brokerLog);

                Container jobContainer = r.all(Job.class).stream().filter(j -> j.getMetadata().getName().startsWith(
                        name("kafka-topics"))).findFirst().orElseThrow().getSpec().getTemplate().getSpec()
                        .getContainers().get(0);
                Map<String, String> jobEnv = env(jobContainer);
                jobEnv.put("KAFKA_CONFIG_SOURCE", mount.toString());
                jobEnv.put("KAFKA_HOME", home.toString());
                jobEnv.put("LOG_DIR", dir.resolve("job-logs").toString());
                // Twice: the second run is an upgrade's, over topics that exist.
                for (int run = 1; run <= 2; run++) {
                    Path jobLog = dir.resolve("topics-" + run + ".log");
                    ProcessBuilder job = new ProcessBuilder("/bin/bash", mount.resolve("create-topics.sh").toString())
                            .redirectErrorStream(true).redirectOutput(jobLog.toFile());
                    job.environment().putAll(jobEnv);
                    Process topics = job.start();
                    assertTrue(topics.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the topics Job finishes");
                    assertEquals(0, topics.exitValue(), Files.readString(jobLog));
                }

                assertTopicsAsTheContractSays(admin);
            }
            writeAndReadEveryTopic(bootstrap);
            notifierBecomesHealthyOnTheRenderedSettings(r, hosts, dir);
        } finally {
            broker.destroy();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    /**
     * The contract's topics (Topics.specs) and the notifier's delivery-state topic, which the
     * services would create themselves where they may (KafkaNotifierState.spec: one partition,
     * compacted and deleted after 30 days).
     */
    static List<Topics.Spec> expectedTopics(String prefix, int commandPartitions) {
        List<Topics.Spec> specs = new ArrayList<>(Topics.withPrefix(prefix).specs(commandPartitions));
        specs.add(new Topics.Spec(prefix + "kreboot.notifier-state", 1, Map.of("cleanup.policy", "compact,delete",
                "retention.ms", Long.toString(Duration.ofDays(30).toMillis()))));
        return specs;
    }

    private static void assertTopicsAsTheContractSays(Admin admin) throws Exception {
        Map<String, Topics.Spec> specs = expectedTopics("", 12).stream()
                .collect(Collectors.toMap(Topics.Spec::name, s -> s));
        assertEquals(specs.keySet(), admin.listTopics().names().get());
        Map<String, TopicDescription> described = admin.describeTopics(specs.keySet()).allTopicNames().get();
        List<ConfigResource> resources = specs.keySet().stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        for (Topics.Spec spec : specs.values()) {
            assertEquals(spec.partitions(), described.get(spec.name()).partitions().size(), spec.name());
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.configs().forEach((key, value) -> assertEquals(value, config.get(key).value(), spec.name() + " " + key));
            assertEquals("1", config.get("min.insync.replicas").value(), "one broker: min.insync.replicas 1");
        }
    }

    /** kreboot's own client factory, on the address the chart gives every service. */
    private static void writeAndReadEveryTopic(String bootstrap) throws Exception {
        KafkaClients clients = new KafkaClients(bootstrap, Map.of());
        List<String> topics = Topics.defaults().specs(12).stream().map(Topics.Spec::name).toList();
        try (KafkaProducer<String, byte[]> producer = clients.producer("kafka-chart-it")) {
            for (String topic : topics) {
                producer.send(new ProducerRecord<>(topic, "node-1", topic.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("kafka-chart-it", "kafka-chart-it")) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, String> read = new LinkedHashMap<>();
            Instant end = Instant.now().plus(DEADLINE);
            while (read.size() < topics.size() && Instant.now().isBefore(end)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read.put(record.topic(), record.key() + "=" + new String(record.value(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(topics.stream().collect(Collectors.toMap(t -> t, t -> "node-1=" + t)), read);
        }
    }

    /**
     * One service as its pod would run it: the packaged notifier with exactly the environment the
     * chart renders for its container (downward-API and Secret values filled in as the kubelet
     * would), healthy only once its consumers and state topic work on the chart's Kafka.
     */
    private static void notifierBecomesHealthyOnTheRenderedSettings(Chart.Rendered r, Path hosts, Path dir)
            throws Exception {
        Path jar = Chart.repoDir().resolve("notifier/target/kreboot-notifier.jar");
        assertTrue(Files.isRegularFile(jar), jar + " (the reactor packages the notifier before these tests)");
        Deployment deployment = r.get(Deployment.class, name("notifier"));
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new HashMap<>();
        int port = freePort();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom().getFieldRef() != null) {
                env.put(var.getName(), var.getValueFrom().getFieldRef().getFieldPath().equals("metadata.name")
                        ? deployment.getMetadata().getName() + "-7d4b9-x2x9q" : "node-1");
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                Secret s = r.get(Secret.class, ref.getName());
                String value = s.getStringData() != null && s.getStringData().containsKey(ref.getKey())
                        ? s.getStringData().get(ref.getKey())
                        : new String(java.util.Base64.getDecoder().decode(s.getData().get(ref.getKey())), StandardCharsets.UTF_8);
                env.put(var.getName(), value);
            }
        }
        env.put("PORT", Integer.toString(port));
        Path log = dir.resolve("notifier.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder start = new ProcessBuilder(javaBin, "-Djdk.net.hosts.file=" + hosts, "-XX:+ExitOnOutOfMemoryError",
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        start.environment().putAll(env);
        Process notifier = start.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create("http://127.0.0.1:" + port + "/health");
            until("the notifier's /health = 200", () -> {
                if (!notifier.isAlive()) {
                    throw new AssertionError("the notifier exited " + notifier.exitValue() + ": " + read(log));
                }
                try {
                    return http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }, log);
        } finally {
            notifier.destroy();
            if (!notifier.waitFor(30, TimeUnit.SECONDS)) {
                notifier.destroyForcibly();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static boolean answers(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == 1;
        } catch (Exception e) {
            return false;
        }
    }

    private static void until(String what, BooleanSupplier condition, Path log) throws Exception {
        Instant end = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out waiting for " + what + ":\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(200); // the poll interval of a condition wait with a deadline
        }
    }

    /**
     * Stand-ins for the image's bin/ scripts, each running the class apache/kafka's runs, with the
     * hosts file so that the pods' names resolve here.
     */
    private static Path fakeKafkaHome(Path home, Path hosts) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Map<String, String> scripts = Map.of(
                "kafka-storage.sh", "kafka.tools.StorageTool",
                "kafka-server-start.sh", "kafka.Kafka",
                "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
                "kafka-configs.sh", "kafka.admin.ConfigCommand");
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            Path file = bin.resolve(script.getKey());
            String logging = System.getProperty("logback.configurationFile") == null ? ""
                    : " -Dlogback.configurationFile='" + System.getProperty("logback.configurationFile") + "'";
            Files.writeString(file, "#!/bin/bash\nexec '" + java + "' ${KAFKA_HEAP_OPTS:-} -Djdk.net.hosts.file='" + hosts
                    + "'" + logging + " -cp '" + classpath + "' " + script.getValue() + " \"$@\"\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
