package dev.kreboot.notifier.domain;

import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.EventHeader;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.Reason;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a {@link NodeProgress} or {@link Decision} into a {@link Notification}. The text keeps
 * kured's three messages where a step matches one ("Draining node %s" when the drain starts,
 * "Rebooting node %s", "Node %s rebooted & uncordoned successfully!"); every other step gets a line
 * in the same voice, with the reasons appended so a chat reader sees why without opening the
 * payload. Other record types are not notifications: {@link #render} answers empty.
 */
public final class NotificationRenderer {
    private static final String CLUSTER_WIDE = "*";

    public Optional<Notification> render(SpecificRecord record) {
        if (record instanceof NodeProgress progress) {
            return Optional.of(progress(progress));
        }
        if (record instanceof Decision decision) {
            return Optional.of(decision(decision));
        }
        return Optional.empty();
    }

    private Notification progress(NodeProgress p) {
        String node = p.getHeader().getNode();
        List<Reason> reasons = p.getReasons();
        String text = switch (p.getPhase()) {
            case CORDONED -> Boolean.TRUE.equals(p.getWasCordonedBefore())
                    ? String.format("Draining node %s (it was already cordoned)", node)
                    : String.format("Draining node %s", node);
            case DRAIN_PROGRESS -> p.getPodsLeft() == null
                    ? String.format("Draining node %s", node)
                    : String.format("Draining node %s: %d pods left", node, p.getPodsLeft());
            case DRAINED -> String.format("Node %s drained", node);
            case DRAIN_FAILED -> withBlockingPods(
                    withReasons(String.format("Draining node %s failed", node), reasons), p.getBlockingPods());
            case REBOOTING -> String.format("Rebooting node %s", node);
            case REBOOTED -> String.format("Node %s is back from its reboot", node);
            case UNCORDONED -> String.format("Node %s uncordoned", node);
            case COMPLETED -> Boolean.TRUE.equals(p.getWasCordonedBefore())
                    ? String.format("Node %s rebooted successfully and left cordoned, as an admin had cordoned it", node)
                    : String.format("Node %s rebooted & uncordoned successfully!", node);
            case FAILED -> withReasons(String.format("Rebooting node %s failed", node), reasons);
            case COMMAND_REJECTED -> withReasons(String.format("Node %s rejected a command", node), reasons);
            case UNKNOWN -> withReasons(String.format("Node %s reported an unknown step", node), reasons);
        };
        Severity severity = switch (p.getPhase()) {
            case DRAIN_FAILED, FAILED, COMMAND_REJECTED -> Severity.ERROR;
            case UNKNOWN -> Severity.WARNING;
            default -> Severity.INFO;
        };
        return notification(p.getHeader(), EventType.of(p.getPhase()), severity, text, reasons, p);
    }

    private Notification decision(Decision d) {
        String node = d.getHeader().getNode();
        List<Reason> reasons = d.getReasons();
        String slots = slots(d);
        String text = switch (d.getType()) {
            case SLOT_GRANTED -> String.format("Reboot slot granted to node %s%s", node, slots);
            case SLOT_RELEASED -> String.format("Reboot slot of node %s released%s", node, slots);
            case REBOOT_BLOCKED -> withReasons(String.format("Reboot of node %s blocked", node), reasons);
            case PAUSED -> withReasons(CLUSTER_WIDE.equals(node) ? "Reboots paused"
                    : String.format("Reboots of node %s paused", node), reasons);
            case RESUMED -> withReasons(CLUSTER_WIDE.equals(node) ? "Reboots resumed"
                    : String.format("Reboots of node %s resumed", node), reasons);
            case NODE_STUCK -> withReasons(String.format("Node %s is stuck", node), reasons);
            case ROLLOUT_STARTED -> String.format("Reboot rollout started in cluster %s", d.getHeader().getCluster());
            case ROLLOUT_FINISHED -> String.format("Reboot rollout finished in cluster %s", d.getHeader().getCluster());
            case UNKNOWN -> withReasons(String.format("Unknown decision about node %s", node), reasons);
        };
        Severity severity = switch (d.getType()) {
            case NODE_STUCK -> Severity.ERROR;
            case REBOOT_BLOCKED, PAUSED, UNKNOWN -> Severity.WARNING;
            default -> Severity.INFO;
        };
        return notification(d.getHeader(), EventType.of(d.getType()), severity, text, reasons, d);
    }

    private static Notification notification(EventHeader h, EventType type, Severity severity, String text,
                                             List<Reason> reasons, SpecificRecord record) {
        return new Notification(h.getEventId(), h.getOccurredAt(), h.getCluster(), h.getNode(), h.getRebootId(),
                type, severity, text,
                reasons.stream().map(r -> new Notification.Reason(r.getCode(), r.getMessage())).toList(),
                new Notification.Producer(h.getProducerService(), h.getProducerInstance()),
                RecordTree.of(record));
    }

    private static String slots(Decision d) {
        if (d.getSlotsInUse() == null || d.getSlotsAllowed() == null) {
            return "";
        }
        return String.format(" (%d of %d slots in use)", d.getSlotsInUse(), d.getSlotsAllowed());
    }

    private static String withReasons(String text, List<Reason> reasons) {
        if (reasons.isEmpty()) {
            return text;
        }
        return text + ": " + reasons.stream().map(Reason::getMessage).collect(Collectors.joining("; "));
    }

    private static String withBlockingPods(String text, List<String> pods) {
        return pods.isEmpty() ? text : text + " (blocking pods: " + String.join(", ", pods) + ")";
    }
}
