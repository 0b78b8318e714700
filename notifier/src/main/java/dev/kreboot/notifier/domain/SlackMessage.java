package dev.kreboot.notifier.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Slack message for a notification: Block Kit {@code blocks} plus a fallback {@code text}, which
 * is all that mobile push notifications and screen readers show. Layout:
 * <ol>
 *   <li>a section with the severity emoji and the line (the route's template, or kreboot's own);</li>
 *   <li>a section of fields: node, cluster, step, reboot id (when there is one);</li>
 *   <li>the reasons, one bullet each, packed into as few sections as fit;</li>
 *   <li>a context line: producer, time and event id, so a reader can find the record.</li>
 * </ol>
 * Slack's documented limits are enforced here, not left to the API to refuse: at most
 * {@value #MAX_BLOCKS} blocks (reasons that do not fit become "and N more"), at most
 * {@value #MAX_SECTION_TEXT} characters of section text, {@value #MAX_FIELDS} fields of at most
 * {@value #MAX_FIELD_TEXT} characters, and a fallback text cut at {@value #MAX_TEXT}. Text is
 * escaped for mrkdwn ({@code &}, {@code <}, {@code >}), so a pod name cannot inject a mention.
 */
public final class SlackMessage {
    public static final int MAX_BLOCKS = 50;
    public static final int MAX_SECTION_TEXT = 3000;
    public static final int MAX_FIELDS = 10;
    public static final int MAX_FIELD_TEXT = 2000;
    public static final int MAX_TEXT = 40_000;
    private static final int FIXED_BLOCKS = 3;

    private SlackMessage() {
    }

    /**
     * @param username bot name to show (webhooks created for an app ignore it), or null
     * @param channel channel override or the bot's target channel, or null
     * @param threadTs the parent message of the reboot's thread, or null
     */
    public static Map<String, Object> tree(Notification n, String username, String channel, String threadTs) {
        Map<String, Object> message = new LinkedHashMap<>();
        if (channel != null) {
            message.put("channel", channel);
        }
        if (threadTs != null) {
            message.put("thread_ts", threadTs);
        }
        if (username != null) {
            message.put("username", username);
        }
        message.put("text", truncate(escape(n.text()), MAX_TEXT));
        message.put("blocks", blocks(n));
        return message;
    }

    public static String render(Notification n, String username, String channel, String threadTs) {
        return JsonTree.write(tree(n, username, channel, threadTs));
    }

    private static List<Object> blocks(Notification n) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(section(emoji(n.severity()) + " " + escape(n.text())));
        List<Object> fields = new ArrayList<>();
        field(fields, "Node", n.node());
        field(fields, "Cluster", n.cluster());
        field(fields, "Step", n.type().toString());
        field(fields, "Reboot", n.rebootId());
        blocks.add(JsonTree.object("type", "section", "fields", fields));
        blocks.addAll(reasonSections(n.reasons(), MAX_BLOCKS - FIXED_BLOCKS));
        String producer = n.producer() == null ? "kreboot" : n.producer().service() + "/" + n.producer().instance();
        blocks.add(JsonTree.object("type", "context", "elements", List.of(mrkdwn(truncate(
                escape(producer) + " · " + n.occurredAt() + " · event " + escape(n.eventId()), MAX_SECTION_TEXT)))));
        return blocks;
    }

    /** Bullets packed into sections of at most {@link #MAX_SECTION_TEXT}; at most {@code room} sections. */
    private static List<Object> reasonSections(List<Notification.Reason> reasons, int room) {
        List<String> texts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int placed = 0;
        for (Notification.Reason reason : reasons) {
            String bullet = truncate("• *" + escape(reason.code()) + "*: " + escape(reason.message()), MAX_SECTION_TEXT);
            if (current.length() > 0 && current.length() + 1 + bullet.length() > MAX_SECTION_TEXT) {
                if (texts.size() == room - 1) {
                    break;
                }
                texts.add(current.toString());
                current.setLength(0);
            }
            current.append(current.length() > 0 ? "\n" : "").append(bullet);
            placed++;
        }
        if (current.length() > 0) {
            int left = reasons.size() - placed;
            if (left > 0) {
                String more = "\n… and " + left + " more";
                if (current.length() + more.length() > MAX_SECTION_TEXT) {
                    current.setLength(MAX_SECTION_TEXT - more.length());
                }
                current.append(more);
            }
            texts.add(current.toString());
        }
        return texts.stream().<Object>map(SlackMessage::section).toList();
    }

    private static void field(List<Object> fields, String title, String value) {
        if (value != null && !value.isEmpty() && fields.size() < MAX_FIELDS) {
            fields.add(mrkdwn(truncate("*" + title + "*\n" + escape(value), MAX_FIELD_TEXT)));
        }
    }

    private static Map<String, Object> section(String text) {
        return JsonTree.object("type", "section", "text", mrkdwn(truncate(text, MAX_SECTION_TEXT)));
    }

    private static Map<String, Object> mrkdwn(String text) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("type", "mrkdwn");
        element.put("text", text);
        return element;
    }

    private static String emoji(Severity severity) {
        return switch (severity) {
            case INFO -> ":information_source:";
            case WARNING -> ":warning:";
            case ERROR -> ":rotating_light:";
        };
    }

    /** Slack's mrkdwn control characters; the same escaping applies to the fallback text. */
    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String truncate(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
