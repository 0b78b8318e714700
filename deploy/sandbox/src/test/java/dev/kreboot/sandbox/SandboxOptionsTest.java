package dev.kreboot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void defaultsFollowTheContract() throws Exception {
        SandboxOptions o = SandboxOptions.parse();
        assertEquals(5, o.nodes());
        assertEquals(3, o.needsReboot());
        assertEquals("1", o.concurrency());
        assertEquals("happy", o.scenario());
        assertEquals(1, o.runs());
    }

    @Test
    void badOptionsNameTheOption() {
        assertNamed("--nodes", "--nodes", "zero");
        assertNamed("--nodes", "--nodes", "0");
        assertNamed("--concurrency", "--concurrency", "150%");
        assertNamed("--scenario", "--scenario", "meteor-strike");
        assertNamed("--kafka-port", "--kafka-port", "70000");
        assertNamed("--needs-reboot", "--nodes", "2", "--needs-reboot", "3");
        assertNamed("--frobnicate", "--frobnicate");
        assertNamed("--report", "--report");
    }

    @Test
    void acceptsEveryScenarioOfTheContract() throws Exception {
        for (String scenario : java.util.List.of("happy", "pdb-blocks", "never-returns", "alert-firing", "window-closed",
                "pre-cordoned", "coordinator-failover", "executor-crash", "broker-restart", "chaos", "bench")) {
            assertEquals(scenario, SandboxOptions.parse("--scenario", scenario).scenario());
        }
    }

    @Test
    void benchDefaultsToManyNodesAndZeroCostPhasesUnlessTold() throws Exception {
        SandboxOptions bench = SandboxOptions.parse("--scenario", "bench");
        assertEquals(100, bench.nodes());
        assertEquals(100, bench.needsReboot());
        assertEquals("10", bench.concurrency());
        assertEquals(0, bench.drainMs() + bench.rebootMs() + bench.readyMs());
        assertEquals(40, SandboxOptions.parse("--scenario", "bench", "--nodes", "40").needsReboot());
    }

    @Test
    void exitsWithTwoOnABadCommandLine() throws Exception {
        assertExitsWithTwoNaming("--nodes", "--nodes", "-3");
    }

    @Test
    void idealRolloutIsWavesTimesTheCycle() throws Exception {
        SandboxOptions o = SandboxOptions.parse("--nodes", "6", "--needs-reboot", "4", "--drain-ms", "100",
                "--reboot-ms", "200", "--ready-ms", "300");
        assertEquals(2 * 600, o.idealMs(2));
        assertEquals(4 * 600, o.idealMs(1));
    }

    @Test
    void theWireFormatIsSingleObjectUnlessToldAndTheRegistryFormatNeedsARegistry() throws Exception {
        SandboxOptions defaults = SandboxOptions.parse();
        assertEquals("single-object", defaults.wireFormat());
        assertEquals(null, defaults.registryUrl());
        SandboxOptions registry = SandboxOptions.parse("--wire-format", "registry", "--registry-url",
                "http://127.0.0.1:8081");
        assertEquals("registry", registry.wireFormat());
        assertEquals("http://127.0.0.1:8081", registry.registryUrl());

        assertNamed("--registry-url", "--wire-format", "registry");
        assertNamed("--wire-format", "--wire-format", "protobuf");
        assertNamed("--registry-url", "--wire-format", "registry", "--registry-url", "registry:8081");
        assertNamed("--registry-url", "--registry-url", "http://127.0.0.1:8081/apis/ccompat/v7");
    }

    @Test
    void anOutsideBrokerReplacesTheEmbeddedOneExceptWhereAScenarioRestartsIt() throws Exception {
        SandboxOptions outside = SandboxOptions.parse("--bootstrap-servers", "127.0.0.1:9092");
        assertEquals("127.0.0.1:9092", outside.bootstrapServers());
        assertTrue(outside.externalBroker());
        assertTrue(!SandboxOptions.parse().externalBroker());

        assertNamed("--bootstrap-servers", "--bootstrap-servers", "kafka");
        assertNamed("--bootstrap-servers", "--bootstrap-servers", "127.0.0.1:9092", "--scenario", "broker-restart");
        assertNamed("--bootstrap-servers", "--bootstrap-servers", "127.0.0.1:9092", "--scenario", "chaos");
        assertNamed("--kafka-port", "--bootstrap-servers", "127.0.0.1:9092", "--kafka-port", "9093");
    }

    @Test
    void aRegistryFormatWithoutARegistryExitsWithTwo() throws Exception {
        assertExitsWithTwoNaming("--registry-url", "--wire-format", "registry");
    }

    /** The whole command line: the sandbox exits with 2 and its error output names {@code option}. */
    private static void assertExitsWithTwoNaming(String option, String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Sandbox.run(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(option), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertNamed(String option, String... args) {
        var e = assertThrows(SandboxOptions.BadOption.class, () -> SandboxOptions.parse(args));
        assertTrue(e.getMessage().contains(option), e.getMessage());
    }
}
