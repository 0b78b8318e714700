package dev.kreboot.notifier.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a Grafana annotation route does with an event, so each reboot is one region on a dashboard:
 * <ol>
 *   <li>the drain start ({@code progress.CORDONED}) opens the region: {@code POST /api/annotations}
 *       with {@code time}, tags {@code kreboot}, the node and the reboot id, and the line;</li>
 *   <li>the end ({@code progress.COMPLETED}, {@code progress.FAILED}, {@code progress.DRAIN_FAILED})
 *       closes it: {@code PATCH /api/annotations/{id}} with {@code timeEnd}, the outcome's line and
 *       the tags plus the outcome; with no open region known it posts a point annotation instead;</li>
 *   <li>every other event is not Grafana's business and is skipped.</li>
 * </ol>
 * The region's key is the reboot id (the node when the event has none), under which the channel
 * keeps the annotation id durably.
 */
public final class GrafanaAnnotation {
    /** What to do with one event. */
    public enum Action { OPEN, CLOSE, SKIP }

    private GrafanaAnnotation() {
    }

    public static Action action(EventType type) {
        if (!EventType.PROGRESS.equals(type.category())) {
            return Action.SKIP;
        }
        return switch (type.name()) {
            case "CORDONED" -> Action.OPEN;
            case "COMPLETED", "FAILED", "DRAIN_FAILED" -> Action.CLOSE;
            default -> Action.SKIP;
        };
    }

    public static String regionKey(Notification n) {
        return Optional.ofNullable(n.rebootId()).orElse("node:" + n.node());
    }

    public static List<String> tags(Notification n, List<String> extra) {
        List<String> tags = new ArrayList<>();
        tags.add("kreboot");
        if (n.node() != null) {
            tags.add(n.node());
        }
        if (n.rebootId() != null) {
            tags.add(n.rebootId());
        }
        tags.addAll(extra);
        return tags;
    }

    /** Body of the POST that opens a region (or, with the outcome tag, records a point). */
    public static Map<String, Object> open(Notification n, List<String> extraTags, String dashboardUid) {
        return JsonTree.object("dashboardUID", dashboardUid, "time", n.occurredAt().toEpochMilli(),
                "tags", tags(n, extraTags), "text", n.text());
    }

    public static Map<String, Object> point(Notification n, List<String> extraTags, String dashboardUid) {
        List<String> tags = new ArrayList<>(extraTags);
        tags.add(outcome(n));
        return JsonTree.object("dashboardUID", dashboardUid, "time", n.occurredAt().toEpochMilli(),
                "timeEnd", n.occurredAt().toEpochMilli(), "tags", tags(n, tags), "text", n.text());
    }

    /** Body of the PATCH that closes a region; PATCH leaves {@code time} alone. */
    public static Map<String, Object> close(Notification n, List<String> extraTags) {
        List<String> tags = new ArrayList<>(extraTags);
        tags.add(outcome(n));
        return JsonTree.object("timeEnd", n.occurredAt().toEpochMilli(), "tags", tags(n, tags), "text", n.text());
    }

    static String outcome(Notification n) {
        return n.type().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
