package dev.kreboot.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.notifier.testing.Fixtures;
import dev.kreboot.schemas.ProgressPhase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TeamsCardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Required properties per element type, from the Adaptive Card schema (adaptive-card.json, 1.0 to 1.5). */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "AdaptiveCard", List.of("type", "version"),
            "TextBlock", List.of("type", "text"),
            "FactSet", List.of("type", "facts"));
    private static final Set<String> TEAMS_VERSIONS = Set.of("1.0", "1.1", "1.2", "1.3", "1.4", "1.5");

    private Notification failed() {
        return new NotificationRenderer().render(Fixtures.progressBuilder("node-a", ProgressPhase.FAILED)
                .setReasons(List.of(Fixtures.reason("NOT_READY", "node did not come back"))).build()).orElseThrow();
    }

    @Test
    void wrapsAnAdaptiveCardInTheWorkflowsMessageEnvelope() throws Exception {
        Notification n = failed();

        JsonNode actual = JSON.readTree(TeamsCard.render(n));

        JsonNode expected = JSON.readTree("""
                {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
                 "content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard",
                  "version":"1.4","fallbackText":"Rebooting node node-a failed: node did not come back",
                  "body":[
                   {"type":"TextBlock","text":"Rebooting node node-a failed: node did not come back","weight":"Bolder",
                    "size":"Medium","wrap":true,"color":"Attention"},
                   {"type":"FactSet","facts":[{"title":"Node","value":"node-a"},{"title":"Cluster","value":"prod-eu"},
                    {"title":"Step","value":"progress.FAILED"},{"title":"Reboot","value":"reboot-node-a"},
                    {"title":"At","value":"2025-03-01T10:15:30.123Z"}]},
                   {"type":"TextBlock","text":"- **NOT_READY**: node did not come back","wrap":true}],
                  "msteams":{"width":"Full"}},
                 "contentUrl":null}]}
                """);
        assertEquals(expected, actual);
    }

    @Test
    void theCardCarriesEveryPropertyTheSchemaRequires() throws Exception {
        JsonNode envelope = JSON.readTree(TeamsCard.render(failed()));

        assertEquals("message", envelope.path("type").asText());
        assertEquals(1, envelope.path("attachments").size());
        JsonNode attachment = envelope.path("attachments").get(0);
        assertEquals(TeamsCard.CONTENT_TYPE, attachment.path("contentType").asText());
        JsonNode card = attachment.path("content");
        checkRequired(card);
        assertTrue(TEAMS_VERSIONS.contains(card.path("version").asText()), "a version Teams renders");
        for (JsonNode element : card.path("body")) {
            checkRequired(element);
            if (element.path("type").asText().equals("FactSet")) {
                for (JsonNode fact : element.path("facts")) {
                    assertTrue(fact.path("title").isTextual() && fact.path("value").isTextual(), fact.toString());
                }
            }
            if (element.path("type").asText().equals("TextBlock")) {
                assertTrue(element.path("text").isTextual() && !element.path("text").asText().isEmpty());
            }
        }
    }

    private static void checkRequired(JsonNode element) {
        String type = element.path("type").asText();
        List<String> required = REQUIRED.get(type);
        assertTrue(required != null, "an element type the card may use: " + type);
        for (String property : required) {
            assertTrue(element.has(property) && !element.get(property).isNull(), type + " needs " + property);
        }
    }
}
