package dev.kreboot.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** values.yaml: kured's configuration keys and defaults, and a comment with the default on every key. */
class ValuesTest {

    /** The kured chart's configuration keys issue 8 lists. */
    static final Set<String> KURED_KEYS = Set.of("rebootSentinel", "rebootSentinelCommand", "period", "concurrency",
            "rebootDays", "startTime", "endTime", "timeZone", "prometheusUrl", "alertFilterRegexp",
            "alertFilterMatchOnly", "alertFiringOnly", "blockingPodSelector", "drainGracePeriod", "drainTimeout",
            "skipWaitForDeleteTimeout", "drainDelay", "drainPodSelector", "forceReboot", "rebootMethod",
            "rebootCommand", "rebootSignal", "rebootDelay", "preRebootNodeLabels", "postRebootNodeLabels",
            "annotateNodes", "notifyUrl", "messageTemplateDrain", "messageTemplateReboot",
            "messageTemplateUncordon", "logFormat", "useRebootSentinelHostPath", "lockTtl", "lockReleaseDelay",
            "preferNoScheduleTaint", "slackHookUrl", "slackUsername", "slackChannel");

    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][\\w.-]*):(.*)$");

    @Test
    @SuppressWarnings("unchecked")
    void configurationBlockHasKuredsKeysAndDefaults() {
        Map<String, Object> values = Serialization.unmarshal(Chart.read(Chart.chartDir().resolve("values.yaml")), Map.class);
        Map<String, Object> configuration = (Map<String, Object>) values.get("configuration");
        Set<String> missing = new TreeSet<>(KURED_KEYS);
        missing.removeAll(configuration.keySet());
        assertEquals(Set.of(), missing);

        // kured's chart: empty strings leave the flag (and so the binary's default) alone.
        assertEquals("/bin/systemctl reboot", configuration.get("rebootCommand"));
        assertEquals("text", configuration.get("logFormat"));
        assertEquals(true, configuration.get("useRebootSentinelHostPath"));
        for (String flag : List.of("alertFilterMatchOnly", "alertFiringOnly", "forceReboot", "annotateNodes")) {
            assertEquals(false, configuration.get(flag), flag);
        }
        for (String list : List.of("rebootDays", "blockingPodSelector", "preRebootNodeLabels", "postRebootNodeLabels")) {
            assertEquals(List.of(), configuration.get(list), list);
        }
        for (String text : List.of("rebootSentinel", "rebootSentinelCommand", "period", "concurrency", "startTime",
                "endTime", "timeZone", "prometheusUrl", "drainTimeout", "notifyUrl", "rebootMethod", "rebootSignal")) {
            assertEquals("", configuration.get(text), text);
        }
    }

    /**
     * Every leaf key has a comment block above it that states its default; consecutive sibling
     * keys may share one block ({@code username}/{@code password}).
     */
    @Test
    void everyKeyIsCommentedWithItsDefault() {
        List<String> lines = Chart.read(Chart.chartDir().resolve("values.yaml")).lines().toList();
        List<String> undocumented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher key = KEY.matcher(lines.get(i));
            if (!key.matches() || !isLeaf(lines, i, key)) {
                continue;
            }
            String indent = key.group(1);
            int j = i - 1;
            while (j >= 0) {
                Matcher sibling = KEY.matcher(lines.get(j));
                if (sibling.matches() && sibling.group(1).equals(indent) && isLeaf(lines, j, sibling)) {
                    j--;
                } else {
                    break;
                }
            }
            StringBuilder comment = new StringBuilder();
            while (j >= 0 && lines.get(j).strip().startsWith("#") && lines.get(j).startsWith(indent + "#")) {
                comment.insert(0, lines.get(j));
                j--;
            }
            if (!comment.toString().contains("Default")) {
                undocumented.add((i + 1) + ": " + lines.get(i).strip());
            }
        }
        assertTrue(undocumented.isEmpty(), () -> "keys without a comment naming their default:\n"
                + String.join("\n", undocumented));
    }

    /** A key with a value on its line, or followed by nothing deeper (an empty block). */
    private static boolean isLeaf(List<String> lines, int i, Matcher key) {
        String value = key.group(3).replaceAll("\\s+#.*$", "").strip();
        if (!value.isEmpty()) {
            return true;
        }
        for (int j = i + 1; j < lines.size(); j++) {
            String next = lines.get(j);
            if (next.isBlank() || next.strip().startsWith("#")) {
                continue;
            }
            int indent = next.length() - next.stripLeading().length();
            return indent <= key.group(1).length();
        }
        return true;
    }
}
