package dev.kreboot.agent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kreboot.agent.AgentEnvironment;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.testing.EmbeddedKafka;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.Seeds;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What kreboot costs on every node, measured the way docs/benchmarks.md "Node footprint" describes:
 * each node process runs from its packaged jar exactly as its image runs it (the Dockerfile's
 * {@code JAVA_TOOL_OPTIONS}, {@code MALLOC_ARENA_MAX} and ENTRYPOINT, with an AppCDS archive from a
 * training run as the image build makes one), against an in-JVM KRaft broker and fabric8's mock
 * API server in this JVM. For each layout (the split sensor + executor pair, the one node agent):
 * <ol>
 *   <li>CPU time (user + system, from {@code /proc/<pid>/stat}) to the first {@code /health} = 200;</li>
 *   <li><b>idle</b>: {@code VmRSS} (and anonymous, file, PSS) a fixed time after healthy;</li>
 *   <li>activity: sentinel flips, each waited for as a NodeStatus on Kafka, scrapes of
 *       {@code /prometheus}, then one full executor cycle through Kafka (drain of the node's pods,
 *       reboot with a new boot id, uncordon, COMPLETED);</li>
 *   <li><b>after</b>: the same figures a settle time later; then SIGTERM and the exit codes.</li>
 * </ol>
 * Figures go to {@code <out>/footprint.json} and {@code <out>/footprint.md}; nothing here asserts a
 * time or a size (the goals are compared in the markdown, by a reader). The fixed idle and settle
 * times are part of the measurement's definition, not synchronisation: every step that depends on
 * another waits on its condition with a deadline.
 *
 * <p>Run from the repository root after packaging the jars:
 * <pre>
 * ./mvnw -B package -DskipTests -pl deploy/node-agent -am
 * ./mvnw -B -pl deploy/node-agent exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.kreboot.agent.bench.FootprintBenchmark [-Dexec.args="--idle 30 --settle 10"]
 * </pre>
 * Options: {@code --layouts split,agent}; {@code --variant NAME=JAVA_TOOL_OPTIONS} (an extra agent
 * layout with other JVM options, repeatable; a leading {@code MALLOC_ARENA_MAX=<n>} word sets the
 * arenas); {@code --no-cds}, {@code --pods N}, {@code --flips N}, {@code --idle S}, {@code --settle S},
 * {@code --out DIR}.
 */
public final class FootprintBenchmark {
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final SingleObjectWireFormat FORMAT = new SingleObjectWireFormat();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path repo;
    private final Path out;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final EmbeddedKafka broker;
    private final MockApi api;
    private final Options options;
    private int nextPort = 18_080;

    record Options(List<String> layouts, Map<String, String> variants, boolean cds, int pods, int flips,
                   Duration idle, Duration settle, Path out) {
        static Options parse(String[] args) {
            List<String> layouts = List.of("split", "agent");
            Map<String, String> variants = new LinkedHashMap<>();
            boolean cds = true;
            int pods = 30;
            int flips = 10;
            Duration idle = Duration.ofSeconds(30);
            Duration settle = Duration.ofSeconds(10);
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--layouts" -> layouts = List.of(value(args, ++i, arg).split(","));
                    case "--variant" -> {
                        String v = value(args, ++i, arg);
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--variant takes NAME=JAVA_TOOL_OPTIONS, got '" + v + "'");
                        }
                        variants.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    case "--no-cds" -> cds = false;
                    case "--pods" -> pods = Integer.parseInt(value(args, ++i, arg));
                    case "--flips" -> flips = Integer.parseInt(value(args, ++i, arg));
                    case "--idle" -> idle = Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
                    case "--settle" -> settle = Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
                    case "--out" -> out = Path.of(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "' (see the class Javadoc)");
                }
            }
            for (String layout : layouts) {
                if (!layout.equals("split") && !layout.equals("agent")) {
                    throw new IllegalArgumentException("--layouts takes split and/or agent, got '" + layout + "'");
                }
            }
            return new Options(layouts, variants, cds, pods, flips, idle, settle, out);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /** One process's figures; memory in MiB, CPU in seconds. */
    record Sample(double vmRssMiB, double rssAnonMiB, double rssFileMiB, double pssMiB, int threads) {
    }

    record ProcessResult(String name, String javaToolOptions, boolean cds, double cpuToHealthySeconds,
                         long wallToHealthyMillis, Sample idle, Sample after, double cpuTotalSeconds, Integer exitCode) {
    }

    record LayoutResult(String layout, List<ProcessResult> processes, double idleMiB, double afterMiB,
                        double afterPssMiB, long cycleMillis, int podsEvicted, int flipsSeen) {
    }

    private FootprintBenchmark(Path repo, Options options) {
        this.repo = repo;
        this.options = options;
        this.out = options.out() != null ? options.out() : repo.resolve("deploy/node-agent/target/footprint");
        this.broker = new EmbeddedKafka().start();
        this.api = MockApi.start();
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        FootprintBenchmark bench = new FootprintBenchmark(findRepo(), options);
        try {
            bench.run();
        } finally {
            bench.api.close();
            bench.broker.close();
        }
        // exec:java would otherwise wait for the broker's and API server's lingering threads.
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        List<LayoutResult> results = new ArrayList<>();
        NodeProcess sensor = NodeProcess.fromDockerfile("node-sensor", repo.resolve("node-sensor"), "kreboot-node-sensor.jar");
        NodeProcess executor = NodeProcess.fromDockerfile("executor", repo.resolve("executor"), "kreboot-executor.jar");
        NodeProcess agent = NodeProcess.fromDockerfile("node-agent", repo.resolve("deploy/node-agent"),
                "kreboot-node-agent.jar");
        for (String layout : options.layouts()) {
            results.add(layout.equals("split") ? measure("split", List.of(sensor, executor)) : measure("agent", List.of(agent)));
        }
        for (Map.Entry<String, String> variant : options.variants().entrySet()) {
            results.add(measure("agent " + variant.getKey(), List.of(agent.withJavaToolOptions(variant.getValue()))));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("measuredAt", Instant.now().toString());
        report.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        report.put("loadAverageAtEnd", Files.readString(Path.of("/proc/loadavg")).strip());
        report.put("cds", options.cds());
        report.put("pods", options.pods());
        report.put("flips", options.flips());
        report.put("idleSeconds", options.idle().toSeconds());
        report.put("settleSeconds", options.settle().toSeconds());
        report.put("layouts", results);
        Files.writeString(out.resolve("footprint.json"), JSON.writeValueAsString(report));
        Files.writeString(out.resolve("footprint.md"), markdown(report, results));
        System.out.println(Files.readString(out.resolve("footprint.md")));
        System.out.println("written: " + out.resolve("footprint.json") + " and footprint.md");
    }

    private LayoutResult measure(String layout, List<NodeProcess> processes) throws Exception {
        String slug = layout.replaceAll("[^a-z0-9]+", "-");
        String node = "bench-" + slug;
        Topics topics = Topics.withPrefix("bench" + UUID.randomUUID().toString().substring(0, 8) + ".");
        Path host = Files.createDirectories(out.resolve(slug + "-host"));
        Path sentinel = host.resolve("reboot-required");
        Files.deleteIfExists(sentinel);
        Path bootId = Files.writeString(host.resolve("boot_id"), "boot-1\n");
        Files.writeString(host.resolve("osrelease"), "6.1.0-bench\n");
        api.client().resource(Seeds.node(node, true, false)).create();
        for (int i = 0; i < options.pods(); i++) {
            api.client().resource(Seeds.pod("default", node + "-pod-" + i, node, "ReplicaSet")).create();
        }
        int evictedBefore = api.dispatcher().evicted().size();
        Map<String, String> env = AgentEnvironment.forNode(node, "bench", broker.bootstrapServers(), topics.prefix(),
                api.url(), host);
        env.put("KREBOOT_EXECUTOR_EVICTION_RETRY_INTERVAL", "1s");
        env.put("KREBOOT_LOG_FORMAT", "text");

        Map<NodeProcess, Path> archives = new LinkedHashMap<>();
        for (NodeProcess process : processes) {
            archives.put(process, options.cds() ? train(process, env, slug) : null);
        }

        List<Running> running = new ArrayList<>();
        for (NodeProcess process : processes) {
            running.add(start(process, env, archives.get(process), out.resolve(slug + "-" + process.name() + ".log")));
        }
        try {
            for (Running r : running) {
                r.awaitHealthy();
            }
            pause(options.idle());
            for (Running r : running) {
                r.idle = sample(r.process.pid());
            }

            int flipsSeen = flips(topics, node, sentinel, running);
            long cycleStart = System.nanoTime();
            cycle(topics, node, bootId);
            long cycleMillis = (System.nanoTime() - cycleStart) / 1_000_000;
            int evicted = api.dispatcher().evicted().size() - evictedBefore;

            pause(options.settle());
            for (Running r : running) {
                r.after = sample(r.process.pid());
                r.cpuTotal = cpuSeconds(r.process.pid());
                Files.writeString(out.resolve(slug + "-" + r.spec.name() + "-smaps.txt"), residentByMapping(r.process.pid()));
            }
            List<ProcessResult> results = new ArrayList<>();
            for (Running r : running) {
                r.stop();
                results.add(new ProcessResult(r.spec.name(), r.spec.javaToolOptions(), archives.get(r.spec) != null,
                        r.cpuToHealthy, r.wallToHealthyMillis, r.idle, r.after, r.cpuTotal, r.exitCode));
            }
            double idle = results.stream().mapToDouble(p -> p.idle().vmRssMiB()).sum();
            double after = results.stream().mapToDouble(p -> p.after().vmRssMiB()).sum();
            double afterPss = results.stream().mapToDouble(p -> p.after().pssMiB()).sum();
            return new LayoutResult(layout, results, round(idle), round(after), round(afterPss), cycleMillis, evicted,
                    flipsSeen);
        } finally {
            running.forEach(Running::kill);
        }
    }

    /** The image build's training run: start, serve, SIGTERM; the JVM writes the archive on the way out. */
    private Path train(NodeProcess process, Map<String, String> env, String slug) throws Exception {
        Path archive = out.resolve(slug + "-" + process.name() + ".jsa");
        Files.deleteIfExists(archive);
        Map<String, String> trainingEnv = new LinkedHashMap<>(env);
        trainingEnv.put("KREBOOT_NODE_NAME", "cds-training-" + slug);
        trainingEnv.put("KREBOOT_TOPIC_PREFIX", "cds" + UUID.randomUUID().toString().substring(0, 8) + ".");
        ProcessBuilder builder = new ProcessBuilder(process.trainingCommand(java, archive))
                .redirectErrorStream(true).redirectOutput(out.resolve(slug + "-" + process.name() + "-training.log").toFile());
        int port = nextPort++;
        builder.environment().clear();
        builder.environment().putAll(trainingEnv);
        process.environment(builder.environment());
        builder.environment().put("PORT", Integer.toString(port));
        Process training = builder.start();
        try {
            await(() -> healthy(port) || !training.isAlive(), process.name() + " training run healthy");
            training.destroy();
            if (!training.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(process.name() + ": training run did not stop within 60 s");
            }
        } finally {
            training.destroyForcibly();
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException(process.name() + ": the training run wrote no archive " + archive);
        }
        return archive;
    }

    private final class Running {
        final NodeProcess spec;
        final Process process;
        final int port;
        final long startedAt = System.nanoTime();
        double cpuToHealthy;
        long wallToHealthyMillis;
        Sample idle;
        Sample after;
        double cpuTotal;
        Integer exitCode;

        Running(NodeProcess spec, Process process, int port) {
            this.spec = spec;
            this.process = process;
            this.port = port;
        }

        void awaitHealthy() throws IOException {
            await(() -> healthy(port) || !process.isAlive(), spec.name() + " healthy");
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with " + process.exitValue() + " before healthy");
            }
            cpuToHealthy = cpuSeconds(process.pid());
            wallToHealthyMillis = (System.nanoTime() - startedAt) / 1_000_000;
        }

        void stop() throws InterruptedException {
            process.destroy();
            exitCode = process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : null;
        }

        void kill() {
            process.destroyForcibly();
        }
    }

    private Running start(NodeProcess spec, Map<String, String> env, Path archive, Path log) throws IOException {
        int port = nextPort++;
        ProcessBuilder builder = new ProcessBuilder(spec.command(java, archive)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        spec.environment(builder.environment());
        builder.environment().put("PORT", Integer.toString(port));
        return new Running(spec, builder.start(), port);
    }

    /** Creates and removes the sentinel, each time waiting for the NodeStatus saying so; then scrapes. */
    private int flips(Topics topics, String node, Path sentinel, List<Running> running) throws Exception {
        int seen = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer(topics.nodeStatus())) {
            for (int i = 0; i < options.flips(); i++) {
                boolean required = i % 2 == 0;
                if (required) {
                    Files.writeString(sentinel, "");
                } else {
                    Files.delete(sentinel);
                }
                awaitRecord(consumer, r -> r instanceof NodeStatus s && s.getHeader().getNode().equals(node)
                        && s.getRebootRequired() == required, "NodeStatus rebootRequired=" + required);
                seen++;
            }
        }
        for (Running r : running) {
            for (int i = 0; i < options.flips(); i++) {
                HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + r.port + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
                if (scrape.statusCode() != 200) {
                    throw new IllegalStateException(r.spec.name() + " /prometheus answered " + scrape.statusCode());
                }
            }
        }
        return seen;
    }

    /** Drain, reboot (a new boot id), return: the executor's whole cycle, driven through Kafka. */
    private void cycle(Topics topics, String node, Path bootId) throws Exception {
        Events coordinator = new Events("bench", "coordinator", "bench-0");
        DrainCommand drain = DrainCommand.newBuilder().setHeader(coordinator.header(node, "r1", Instant.now()))
                .setCommandSeq(1).setBootIdToLeave("boot-1").build();
        RebootCommand reboot = RebootCommand.newBuilder().setHeader(coordinator.header(node, "r1", Instant.now()))
                .setCommandSeq(2).setBootIdToLeave("boot-1").build();
        try (KafkaProducer<String, byte[]> producer = new KafkaClients(broker.bootstrapServers(), Map.of()).producer("bench");
             KafkaConsumer<String, byte[]> consumer = consumer(topics.progress())) {
            producer.send(new ProducerRecord<>(topics.commands(), node, FORMAT.encode(drain))).get();
            awaitPhase(consumer, node, ProgressPhase.DRAINED);
            producer.send(new ProducerRecord<>(topics.commands(), node, FORMAT.encode(reboot))).get();
            awaitPhase(consumer, node, ProgressPhase.REBOOTING);
            Files.writeString(bootId, "boot-2\n");
            awaitPhase(consumer, node, ProgressPhase.COMPLETED);
        }
    }

    private void awaitPhase(KafkaConsumer<String, byte[]> consumer, String node, ProgressPhase phase) {
        awaitRecord(consumer, r -> {
            if (r instanceof NodeProgress p && p.getHeader().getNode().equals(node)) {
                if (p.getPhase() == ProgressPhase.FAILED) {
                    throw new IllegalStateException("the executor reported FAILED: " + p);
                }
                return p.getPhase() == phase;
            }
            return false;
        }, "NodeProgress " + phase);
    }

    private KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaClients(broker.bootstrapServers(), Map.of())
                .consumer("bench-" + UUID.randomUUID(), null);
        await(() -> !consumer.partitionsFor(topic).isEmpty(), topic + " exists");
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static void awaitRecord(KafkaConsumer<String, byte[]> consumer, Predicate<Object> wanted, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                try {
                    if (wanted.test(FORMAT.decode(record.value()))) {
                        return;
                    }
                } catch (IllegalStateException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("undecodable record on " + record.topic(), e);
                }
            }
        }
        throw new IllegalStateException("no " + what + " within " + DEADLINE);
    }

    private static boolean healthy(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not " + what + " within " + DEADLINE);
            }
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
    }

    /** Part of the measurement's definition (idle time, settle time), not a wait for a condition. */
    private static void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
    }

    static Sample sample(long pid) throws IOException {
        Map<String, Long> status = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            String[] parts = line.split(":\\s+", 2);
            if (parts.length == 2) {
                String value = parts[1].trim().split("\\s+")[0];
                if (value.matches("\\d+")) {
                    status.put(parts[0], Long.parseLong(value));
                }
            }
        }
        long pss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                pss = Long.parseLong(line.split("\\s+")[1]);
            }
        }
        return new Sample(mib(status.get("VmRSS")), mib(status.get("RssAnon")), mib(status.get("RssFile")), mib(pss),
                status.getOrDefault("Threads", 0L).intValue());
    }

    /**
     * Where the resident memory sits after the cycle, largest first: each file mapping by name, the
     * anonymous ones grouped by size class (the heap and metaspace are large anonymous regions; glibc
     * arenas are 64 MiB reservations), so a reader sees what a flag could still move.
     */
    static String residentByMapping(long pid) throws IOException {
        Map<String, Long> rss = new LinkedHashMap<>();
        Map<String, Long> dirty = new LinkedHashMap<>();
        String current = null;
        long size = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 5 && parts[0].contains("-") && parts[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                String[] range = parts[0].split("-");
                size = (Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16)) / 1024;
                current = parts.length >= 6 ? parts[5] : "[anon " + (size >= 65_536 ? ">=64MiB" : size >= 1024 ? "1-64MiB" : "<1MiB") + "]";
            } else if (line.startsWith("Rss:") && current != null) {
                rss.merge(current, Long.parseLong(parts[1]), Long::sum);
            } else if (line.startsWith("Private_Dirty:") && current != null) {
                dirty.merge(current, Long.parseLong(parts[1]), Long::sum);
            }
        }
        StringBuilder text = new StringBuilder("resident KiB (of which private dirty) by mapping, pid " + pid + "\n");
        rss.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(e -> text.append(String.format(Locale.ROOT, "%8d %8d  %s%n", e.getValue(),
                        dirty.getOrDefault(e.getKey(), 0L), e.getKey())));
        return text.toString();
    }

    /** User + system CPU time from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / 100.0;
    }

    private static double mib(Long kib) {
        return kib == null ? 0 : round(kib / 1024.0);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String markdown(Map<String, Object> report, List<LayoutResult> results) {
        StringBuilder md = new StringBuilder("# Node footprint\n\n");
        md.append(String.format(Locale.ROOT, "Measured %s on %s, %s CPUs (load average at the end: %s). Idle = %d s "
                        + "after healthy; after = %d sentinel flips, %d scrapes per process, one cycle (drain of %d pods, "
                        + "reboot with a new boot id, uncordon, COMPLETED), plus %d s. AppCDS: %s. Memory in MiB.%n%n",
                report.get("measuredAt"), report.get("java"), report.get("cpus"), report.get("loadAverageAtEnd"),
                report.get("idleSeconds"), report.get("flips"), report.get("flips"), report.get("pods"),
                report.get("settleSeconds"), report.get("cds")));
        md.append("| layout | process | VmRSS idle | VmRSS after | anon after | PSS after | threads | CPU to healthy | wall to healthy | exit on SIGTERM |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (LayoutResult layout : results) {
            for (ProcessResult p : layout.processes()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %d | %.2f s | %d ms | %s |%n",
                        layout.layout(), p.name(), p.idle().vmRssMiB(), p.after().vmRssMiB(), p.after().rssAnonMiB(),
                        p.after().pssMiB(), p.after().threads(), p.cpuToHealthySeconds(), p.wallToHealthyMillis(),
                        p.exitCode() == null ? "still running" : p.exitCode().toString()));
            }
            md.append(String.format(Locale.ROOT, "| **%s** | **together** | **%.1f** | **%.1f** | | %.1f | | | | |%n",
                    layout.layout(), layout.idleMiB(), layout.afterMiB(), layout.afterPssMiB()));
        }
        md.append("\nJVM options per process:\n\n");
        for (LayoutResult layout : results) {
            for (ProcessResult p : layout.processes()) {
                md.append("- ").append(layout.layout()).append(" / ").append(p.name()).append(": `")
                        .append(p.javaToolOptions()).append("`\n");
            }
            md.append(String.format(Locale.ROOT, "- %s: cycle took %d ms, %d pods evicted, %d flips seen%n",
                    layout.layout(), layout.cycleMillis(), layout.podsEvicted(), layout.flipsSeen()));
        }
        return md.toString();
    }

    private static Path findRepo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("node-sensor/Dockerfile"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository (no node-sensor/Dockerfile above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }
}
