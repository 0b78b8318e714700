package dev.kreboot.notifier.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A message line with named fields, {@code "{node} is rebooting ({reasons}) [{rebootId}]"}. kured's
 * templates keep working: every {@code %s} is the node name, as in {@code "Draining node %s"}.
 *
 * <p>Fields (an unknown name is refused when the template is parsed, so a typo fails start-up
 * instead of printing braces into a channel): {@code node}, {@code cluster}, {@code rebootId},
 * {@code type} ({@code progress.DRAINED}), {@code step} ({@code DRAINED}), {@code severity},
 * {@code text} (kreboot's own line), {@code reasons} (messages, {@code "; "}-joined),
 * {@code reasonCodes}, {@code occurredAt}, {@code bootId}, {@code previousBootId}, {@code podsLeft},
 * {@code blockingPods}, {@code slotsInUse}, {@code slotsAllowed}, {@code producer}, and
 * {@code kernelBefore}, {@code kernelAfter}, {@code packages}, {@code durationSeconds}, which are
 * read from the event when its schema carries them and are empty otherwise; {@code {event.X}} reads
 * any top-level field {@code X} of the event. A field the event lacks renders as an empty string.
 */
public final class MessageTemplate {
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.]*)}");
    private static final Map<String, Function<Notification, Object>> FIELDS = fields();

    private final String source;

    private MessageTemplate(String source) {
        this.source = source;
    }

    /** @throws IllegalArgumentException naming the first unknown field */
    public static MessageTemplate parse(String source) {
        Objects.requireNonNull(source, "template");
        Matcher m = FIELD.matcher(source);
        while (m.find()) {
            String name = m.group(1);
            if (!FIELDS.containsKey(name) && !(name.startsWith("event.") && name.length() > "event.".length())) {
                throw new IllegalArgumentException("unknown template field {" + name + "}; known: " + FIELDS.keySet()
                        + " and {event.<field>}");
            }
        }
        return new MessageTemplate(source);
    }

    public String render(Notification n) {
        String withNode = source.replace("%s", n.node() == null ? "" : n.node());
        Matcher m = FIELD.matcher(withNode);
        StringBuilder out = new StringBuilder(withNode.length() + 32);
        while (m.find()) {
            String name = m.group(1);
            Object value = name.startsWith("event.") ? n.event().get(name.substring("event.".length()))
                    : FIELDS.get(name).apply(n);
            m.appendReplacement(out, Matcher.quoteReplacement(format(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    private static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(MessageTemplate::format).collect(Collectors.joining(", "));
        }
        return value.toString();
    }

    private static Map<String, Function<Notification, Object>> fields() {
        Map<String, Function<Notification, Object>> f = new LinkedHashMap<>();
        f.put("node", Notification::node);
        f.put("cluster", Notification::cluster);
        f.put("rebootId", Notification::rebootId);
        f.put("type", n -> n.type().toString());
        f.put("step", n -> n.type().name());
        f.put("severity", n -> n.severity().name());
        f.put("text", Notification::text);
        f.put("reasons", n -> n.reasons().stream().map(Notification.Reason::message).collect(Collectors.joining("; ")));
        f.put("reasonCodes", n -> n.reasons().stream().map(Notification.Reason::code).collect(Collectors.joining(", ")));
        f.put("occurredAt", n -> n.occurredAt().toString());
        f.put("producer", n -> n.producer() == null ? null : n.producer().service() + "/" + n.producer().instance());
        for (String field : List.of("bootId", "previousBootId", "podsLeft", "blockingPods", "slotsInUse", "slotsAllowed",
                "kernelBefore", "kernelAfter", "packages", "durationSeconds")) {
            f.put(field, n -> n.event().get(field));
        }
        return f;
    }

    /** The field names a template may use, for documentation and error messages. */
    public static List<String> fieldNames() {
        return new ArrayList<>(FIELDS.keySet());
    }
}
