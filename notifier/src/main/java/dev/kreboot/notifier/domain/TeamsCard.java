package dev.kreboot.notifier.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Microsoft Teams message for a notification, in the envelope Teams Workflows ("Post to a
 * channel when a webhook request is received") and the retired Office 365 connectors both accept:
 * <pre>
 * {"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
 *   "contentUrl": null, "content": {AdaptiveCard}}]}
 * </pre>
 * The card is Adaptive Card schema version {@value #VERSION} (what Teams renders on every client):
 * a bold title coloured by severity, a FactSet (node, cluster, step, reboot id, time) and the reasons
 * as a list. Every element carries the properties the schema requires ({@code type} and
 * {@code version} on the card, {@code text} on a TextBlock, {@code facts} with {@code title} and
 * {@code value} on a FactSet). Reasons are cut at {@value #MAX_REASONS_TEXT} characters: Teams
 * refuses messages over about 28 KB.
 */
public final class TeamsCard {
    public static final String VERSION = "1.4";
    public static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
    public static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final int MAX_REASONS_TEXT = 10_000;

    private TeamsCard() {
    }

    public static Map<String, Object> tree(Notification n) {
        List<Object> body = new ArrayList<>();
        body.add(JsonTree.object("type", "TextBlock", "text", n.text(), "weight", "Bolder", "size", "Medium",
                "wrap", true, "color", color(n.severity())));
        List<Object> facts = new ArrayList<>();
        fact(facts, "Node", n.node());
        fact(facts, "Cluster", n.cluster());
        fact(facts, "Step", n.type().toString());
        fact(facts, "Reboot", n.rebootId());
        fact(facts, "At", n.occurredAt().toString());
        body.add(JsonTree.object("type", "FactSet", "facts", facts));
        if (!n.reasons().isEmpty()) {
            String reasons = n.reasons().stream().map(r -> "- **" + r.code() + "**: " + r.message())
                    .collect(Collectors.joining("\n"));
            body.add(JsonTree.object("type", "TextBlock", "text", SlackMessage.truncate(reasons, MAX_REASONS_TEXT),
                    "wrap", true));
        }
        Map<String, Object> card = JsonTree.object("$schema", SCHEMA, "type", "AdaptiveCard", "version", VERSION,
                "fallbackText", n.text(), "body", body, "msteams", JsonTree.object("width", "Full"));
        Map<String, Object> attachment = JsonTree.object("contentType", CONTENT_TYPE, "content", card);
        // contentUrl is part of the documented envelope and must be present, even if null.
        attachment.put("contentUrl", null);
        return JsonTree.object("type", "message", "attachments", List.of(attachment));
    }

    public static String render(Notification n) {
        return JsonTree.write(tree(n));
    }

    private static void fact(List<Object> facts, String title, String value) {
        if (value != null && !value.isEmpty()) {
            facts.add(JsonTree.object("title", title, "value", value));
        }
    }

    private static String color(Severity severity) {
        return switch (severity) {
            case INFO -> "Default";
            case WARNING -> "Warning";
            case ERROR -> "Attention";
        };
    }
}
