package dev.kreboot.schemas.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader that is not kreboot's code: Confluent's Python client with Avro for Python from Debian's
 * packages (installed by {@code .ci/run}), running {@code outside_reader.py} from this test-jar.
 * Where the packages are absent the calling test is skipped with the reason logged.
 */
public final class OutsideReader {
    private static final Logger LOG = LoggerFactory.getLogger(OutsideReader.class);
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = "dev/kreboot/schemas/registry/outside_reader.py";

    private final Path dir;
    private final Path script;

    private OutsideReader(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    /** The reader, its script copied into {@code dir}; aborts the test (skipped) when Python's packages are missing. */
    public static OutsideReader inOrSkip(Path dir) throws IOException {
        String missing = pythonModulesMissing();
        if (missing != null) {
            LOG.warn("skipping the outside reader: {}", missing);
            Assumptions.abort(missing);
        }
        Path script = dir.resolve("outside_reader.py");
        try (InputStream in = OutsideReader.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            assertNotNull(in, SCRIPT + " from the schemas test-jar");
            Files.write(script, in.readAllBytes());
        }
        return new OutsideReader(dir, script);
    }

    /** {@code count} records of {@code topic} decoded through {@code registry}: "record-full-name node" each. */
    public List<String> read(String bootstrapServers, String topic, String registry, int count) throws Exception {
        Path output = dir.resolve(topic + ".out");
        Process python = new ProcessBuilder(PYTHON, script.toString(), bootstrapServers, topic, registry,
                Integer.toString(count)).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!python.waitFor(90, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new AssertionError("outside reader did not finish on " + topic + ": " + Files.readString(output));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, python.exitValue(), text);
        return text.lines().map(line -> line.split(" ")).filter(parts -> parts.length == 3)
                .map(parts -> parts[0] + " " + parts[1]).toList();
    }

    private static String pythonModulesMissing() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " not found";
        }
        try {
            Process check = new ProcessBuilder(PYTHON, "-c",
                    "import confluent_kafka, avro.io, requests; from confluent_kafka.schema_registry import SchemaRegistryClient")
                    .redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
                return "python3-confluent-kafka, python3-avro or python3-requests missing: " + out.strip();
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return "cannot run " + PYTHON + ": " + e;
        }
    }
}
