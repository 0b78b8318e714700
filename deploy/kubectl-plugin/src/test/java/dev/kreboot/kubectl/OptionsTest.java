package dev.kreboot.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void optionsGoBeforeOrAfterTheCommandInBothSpellings() {
        Options o = Options.parse(List.of("-n", "kreboot", "reboot", "node-1", "--token-secret=api", "-ojson",
                "--comment", "CVE"), Map.of("USER", "alice"));
        assertEquals("reboot", o.command());
        assertEquals("node-1", o.node());
        assertEquals("kreboot", o.namespace());
        assertEquals("api", o.tokenSecret());
        assertTrue(o.json());
        assertEquals("alice", o.by());
        assertEquals("CVE", o.comment());
        assertEquals("default", o.policy());
        assertEquals("kreboot-coordinator", o.service());
        assertEquals("http", o.port());
        assertEquals("token", o.tokenKey());
    }

    @Test
    void defaultsWithoutAnEnvironment() {
        Options o = Options.parse(List.of("status"), Map.of());
        assertEquals("kubectl-kreboot", o.by());
        assertNull(o.namespace(), "the kubeconfig context's namespace is used");
        assertNull(o.node());
    }

    @Test
    void everyBadCommandLineNamesWhatIsWrong() {
        assertUsage(List.of(), "a command is needed");
        assertUsage(List.of("reboot"), "reboot needs a NODE argument");
        assertUsage(List.of("pause", "node-1"), "unexpected argument 'node-1' after pause");
        assertUsage(List.of("status", "-o", "wide"), "-o must be json or text, not 'wide'");
        assertUsage(List.of("status", "--token"), "unknown option --token");
        assertUsage(List.of("status", "--policy"), "option --policy needs a value");
        assertUsage(List.of("status", "--service", "Kreboot_Coordinator"), "--service must be a Kubernetes object name");
        assertUsage(List.of("drain", "node-1"), "unknown command 'drain'");
    }

    private static void assertUsage(List<String> args, String expected) {
        UsageException e = assertThrows(UsageException.class, () -> Options.parse(args, Map.of()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
