package dev.kreboot.coordinator.bench;

import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.coordinator.domain.Coordinator;
import dev.kreboot.coordinator.domain.Explanation;
import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.coordinator.domain.Output;
import dev.kreboot.coordinator.domain.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One full decision over 5,000 nodes that all want a reboot, with a 10% budget in use: a tick
 * (every rule and a grant pass over every waiting node) and the explain view of every node.
 * Not a test: run {@link #main} (writes {@code coordinator/target/jmh-decision.json}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
    static final int NODES = 5_000;
    private Coordinator coordinator;
    private Instant now;

    @Setup
    public void fill() {
        coordinator = new Coordinator(Policy.of(Budget.parse("kreboot.concurrency", "10%")));
        now = Instant.parse("2026-11-28T02:00:00Z");
        for (int i = 0; i < NODES; i++) {
            String node = "node-" + i;
            coordinator.apply(new Input.StatusReported(node, true, "boot-" + i, 1, "sensor-" + i, null), now);
        }
        coordinator.apply(new Input.CaughtUp(), now);
        coordinator.apply(new Input.Tick(), now);
    }

    @Benchmark
    public List<Output> tick() {
        now = now.plusMillis(1);
        return coordinator.apply(new Input.Tick(), now);
    }

    @Benchmark
    public Map<String, Explanation> explainAll() {
        now = now.plusMillis(1);
        return coordinator.explainAll(now);
    }

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "coordinator/target/jmh-decision.json").toAbsolutePath();
        Files.createDirectories(out.getParent());
        new Runner(new OptionsBuilder().include(DecisionBenchmark.class.getName())
                .result(out.toString()).resultFormat(ResultFormatType.JSON).build()).run();
        System.out.println("results in " + out);
    }
}
