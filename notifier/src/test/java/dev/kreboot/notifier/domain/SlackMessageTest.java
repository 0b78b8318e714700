package dev.kreboot.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.notifier.testing.Fixtures;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final NotificationRenderer renderer = new NotificationRenderer();

    private Notification notification(NodeProgress progress) {
        return renderer.render(progress).orElseThrow();
    }

    @Test
    void rendersBlockKitWithFallbackTextFieldsAndContext() throws Exception {
        NodeProgress drained = Fixtures.progress("node-a", ProgressPhase.CORDONED);
        Notification n = notification(drained);

        JsonNode actual = JSON.readTree(SlackMessage.render(n, "kreboot", "#ops", null));

        JsonNode expected = JSON.readTree("""
                {"channel":"#ops","username":"kreboot","text":"Draining node node-a","blocks":[
                 {"type":"section","text":{"type":"mrkdwn","text":":information_source: Draining node node-a"}},
                 {"type":"section","fields":[
                   {"type":"mrkdwn","text":"*Node*\\nnode-a"},
                   {"type":"mrkdwn","text":"*Cluster*\\nprod-eu"},
                   {"type":"mrkdwn","text":"*Step*\\nprogress.CORDONED"},
                   {"type":"mrkdwn","text":"*Reboot*\\nreboot-node-a"}]},
                 {"type":"context","elements":[{"type":"mrkdwn",
                   "text":"executor/executor-abc12 · 2025-03-01T10:15:30.123Z · event %s"}]}]}
                """.formatted(n.eventId()));
        assertEquals(expected, actual);
    }

    @Test
    void escapesMrkdwnControlCharactersSoAPodNameCannotMention() throws Exception {
        NodeProgress failed = Fixtures.progressBuilder("node-a", ProgressPhase.DRAIN_FAILED)
                .setReasons(List.of(Fixtures.reason("PDB", "<!channel> & friends"))).build();

        JsonNode actual = JSON.readTree(SlackMessage.render(notification(failed), null, null, null));

        assertTrue(actual.path("text").asText().contains("&lt;!channel&gt; &amp; friends"), actual.toString());
        assertTrue(!actual.toString().contains("<!channel>"), actual.toString());
    }

    @Test
    void staysWithinTheDocumentedBlockKitLimitsWhateverTheReasons() throws Exception {
        List<Reason> reasons = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            reasons.add(Fixtures.reason("CODE_" + i, "x".repeat(i % 2 == 0 ? 2_950 : 5_000)));
        }
        NodeProgress failed = Fixtures.progressBuilder("n".repeat(2_500), ProgressPhase.FAILED).setReasons(reasons).build();

        JsonNode message = JSON.readTree(SlackMessage.render(notification(failed), null, null, "1700000000.000100"));

        JsonNode blocks = message.path("blocks");
        assertEquals(SlackMessage.MAX_BLOCKS, blocks.size(), "50 blocks at most, and all of them used");
        for (JsonNode block : blocks) {
            if (block.has("text")) {
                assertTrue(block.path("text").path("text").asText().length() <= SlackMessage.MAX_SECTION_TEXT);
            }
            if (block.has("fields")) {
                assertTrue(block.path("fields").size() <= SlackMessage.MAX_FIELDS);
                block.path("fields").forEach(f -> assertTrue(f.path("text").asText().length() <= SlackMessage.MAX_FIELD_TEXT));
            }
        }
        assertTrue(blocks.get(SlackMessage.MAX_BLOCKS - 2).path("text").path("text").asText().contains("more"),
                "the last reason section says how many reasons did not fit");
        assertTrue(message.path("text").asText().length() <= SlackMessage.MAX_TEXT);
        assertEquals("1700000000.000100", message.path("thread_ts").asText());
    }

    @Test
    void aLongSingleLineIsCutToTheSectionLimit() throws Exception {
        Notification n = notification(Fixtures.progress("node-a", ProgressPhase.REBOOTING)).withText("y".repeat(10_000));

        JsonNode message = JSON.readTree(SlackMessage.render(n, null, null, null));

        String first = message.path("blocks").get(0).path("text").path("text").asText();
        assertEquals(SlackMessage.MAX_SECTION_TEXT, first.length());
        assertTrue(first.endsWith("…"));
        assertEquals(10_000, message.path("text").asText().length(), "the fallback text keeps up to 40,000");
    }
}
