package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * kured's logFormat, end to end: the chart passes configuration.logFormat to every pod as
 * KREBOOT_LOG_FORMAT, and each service's own logback.xml (configured here with logback's
 * JoranConfigurator, the variable set as a context property) then writes one JSON object per
 * line, or text by default; an unknown value logs text with a warning naming it.
 */
class LogFormatTest {

    private static final String[] SERVICES = {"node-sensor", "executor", "coordinator", "notifier"};

    @Test
    void theChartPassesLogFormatToEveryPod() {
        Chart.Rendered r = Chart.render(sets("configuration.logFormat", "json",
                "configuration.notifyUrl", "https://hooks.example.com/x"));
        for (String component : SERVICES) {
            PodSpec pod = r.pod(component);
            assertEquals("json", ChartRenderTest.env(ChartRenderTest.container(pod)).get("KREBOOT_LOG_FORMAT").getValue(),
                    component);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-sensor", "executor", "coordinator", "notifier"})
    void jsonWritesOneObjectPerLineWithLevelLoggerThreadMdcMessageAndStackTrace(String component) throws Exception {
        Logged logged = log(component, "json", logger -> {
            MDC.put("node", "worker-1");
            try {
                logger.info("draining {}", "worker-1");
                logger.warn("drain failed", new IllegalStateException("pdb \"web\" blocks\neviction"));
            } finally {
                MDC.clear();
            }
        });

        assertEquals(2, logged.lines().size(), logged.output());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode info = mapper.readTree(logged.lines().get(0));
        assertEquals("INFO", info.get("level").asText());
        assertEquals("dev.kreboot.test", info.get("loggerName").asText());
        assertEquals(Thread.currentThread().getName(), info.get("threadName").asText());
        assertEquals("draining worker-1", info.get("formattedMessage").asText());
        assertEquals("worker-1", info.get("mdc").get("node").asText());
        assertTrue(Math.abs(info.get("timestamp").asLong() - System.currentTimeMillis()) < 600_000, info.toString());
        JsonNode warn = mapper.readTree(logged.lines().get(1));
        assertEquals("WARN", warn.get("level").asText());
        assertEquals("java.lang.IllegalStateException", warn.get("throwable").get("className").asText());
        assertEquals("pdb \"web\" blocks\neviction", warn.get("throwable").get("message").asText());
        assertTrue(warn.get("throwable").get("stepArray").size() > 0, warn.toString());
        assertFalse(logged.hasWarnings(), logged.statuses().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-sensor", "executor", "coordinator", "notifier"})
    void textIsTheDefault(String component) throws Exception {
        for (String format : new String[] {null, "text", ""}) {
            Logged logged = log(component, format, logger -> logger.info("draining {}", "worker-1"));

            assertEquals(1, logged.lines().size(), logged.output());
            assertTrue(logged.lines().get(0).matches("\\S+ INFO  \\[.+] dev\\.kreboot\\.test - draining worker-1"),
                    logged.output());
            assertFalse(logged.hasWarnings(), format + ": " + logged.statuses());
        }
    }

    @Test
    void anUnknownFormatLogsTextAndWarnsNamingTheValue() throws Exception {
        Logged logged = log("coordinator", "yaml", logger -> logger.info("draining {}", "worker-1"));

        assertEquals(1, logged.lines().size(), logged.output());
        assertTrue(logged.lines().get(0).endsWith("dev.kreboot.test - draining worker-1"), logged.output());
        assertTrue(logged.hasWarnings());
        assertTrue(logged.statuses().stream().anyMatch(s -> s.getLevel() == Status.WARN
                && s.getMessage().contains("KREBOOT_LOG_FORMAT must be text or json, not 'yaml'")), logged.statuses().toString());
    }

    private record Logged(String output, List<Status> statuses) {
        List<String> lines() {
            return output.isEmpty() ? List.of() : List.of(output.split("\n"));
        }

        boolean hasWarnings() {
            return statuses.stream().anyMatch(s -> s.getLevel() >= Status.WARN);
        }
    }

    /** Configures a fresh logger context from the service's logback.xml and captures what it prints. */
    private static Logged log(String component, String format, Consumer<Logger> body) throws JoranException {
        Path config = Chart.repoDir().resolve(component).resolve("src/main/resources/logback.xml");
        LoggerContext context = new LoggerContext();
        // The adapter behind SLF4J's MDC (logback's, once logback-classic is the provider), so MDC.put reaches it.
        context.setMDCAdapter(MDC.getMDCAdapter());
        if (format != null) {
            context.putProperty("KREBOOT_LOG_FORMAT", format);
        }
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            // The console appender writes to whatever System.out is at each write.
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config.toFile());
            body.accept(context.getLogger("dev.kreboot.test"));
        } finally {
            System.setOut(stdout);
            context.stop();
        }
        return new Logged(captured.toString(StandardCharsets.UTF_8),
                new ArrayList<>(context.getStatusManager().getCopyOfStatusList()));
    }
}
