package dev.kreboot.kubectl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Human output of the RebootPolicy status; pure (maps in, text out), so it is tested without a cluster. */
final class Render {
    private Render() {
    }

    static String status(String policy, Map<?, ?> status) {
        StringBuilder out = new StringBuilder();
        out.append("RebootPolicy ").append(policy).append(": leader ").append(text(status.get("leader")))
                .append(", policy from ").append(text(status.get("policySource")));
        if ("RebootPolicy".equals(status.get("policySource"))) {
            out.append(" generation ").append(text(status.get("generationInForce")));
        }
        out.append(Boolean.TRUE.equals(status.get("dryRun")) ? ", DRY RUN" : "").append('\n');
        List<List<String>> conditions = new ArrayList<>();
        for (Map<?, ?> c : maps(status.get("conditions"))) {
            conditions.add(List.of(text(c.get("type")), text(c.get("status")), text(c.get("reason")),
                    text(c.get("message"))));
        }
        out.append(table(List.of("CONDITION", "STATUS", "REASON", "MESSAGE"), conditions));
        Map<?, ?> s = status.get("summary") instanceof Map<?, ?> m ? m : Map.of();
        out.append("nodes ").append(text(s.get("nodes"))).append(", needing reboot ")
                .append(text(s.get("needingReboot"))).append(", in progress ").append(text(s.get("inProgress")))
                .append(", allowed now ").append(text(s.get("allowedNow"))).append(", blocked ")
                .append(text(s.get("blocked"))).append('\n');
        if (status.get("blockers") instanceof List<?> blockers) {
            out.append("blockers: ").append(blockers.isEmpty() ? "none"
                    : String.join("; ", blockers.stream().map(Render::text).toList())).append('\n');
            out.append("health gate: ").append(status.get("healthGate") == null ? "none"
                    : text(status.get("healthGate"))).append('\n');
        }
        out.append('\n');
        List<List<String>> rows = new ArrayList<>();
        for (Map<?, ?> n : maps(status.get("nodes"))) {
            List<String> codes = maps(n.get("reasons")).stream().map(r -> text(r.get("code"))).toList();
            rows.add(List.of(text(n.get("node")), text(n.get("phase")), text(n.get("phaseSince")),
                    codes.isEmpty() ? "-" : String.join(",", codes)));
        }
        Map<?, ?> notListed = notListed(status);
        if (rows.isEmpty() && notListed.isEmpty()) {
            out.append("no node has reported to the coordinator yet\n");
        } else if (!rows.isEmpty()) {
            out.append(table(List.of("NODE", "PHASE", "SINCE", "REASONS"), rows));
        }
        if (!notListed.isEmpty()) {
            List<String> phases = notListed.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
            long count = notListed.values().stream().mapToLong(c -> c instanceof Number n ? n.longValue() : 0).sum();
            out.append("not listed: ").append(count).append(count == 1 ? " more node (" : " more nodes (")
                    .append(String.join(", ", phases)).append("); the status lists the most pressing ")
                    .append(rows.size()).append(" (kreboot.policy.status-max-nodes); kubectl kreboot why NODE asks "
                            + "the coordinator for any node\n");
        }
        return out.toString();
    }

    /** {@code status.nodesNotListed}: phase to count of the nodes the status leaves out; empty when none. */
    static Map<?, ?> notListed(Map<?, ?> status) {
        return status.get("nodesNotListed") instanceof Map<?, ?> m ? m : Map.of();
    }

    static String why(Map<?, ?> node) {
        StringBuilder out = new StringBuilder();
        out.append(text(node.get("node"))).append(" is ").append(text(node.get("phase")));
        if (node.get("phaseSince") != null) {
            out.append(" since ").append(node.get("phaseSince"));
        }
        if (node.get("deadline") != null) {
            out.append(" (STUCK after ").append(node.get("deadline")).append(')');
        }
        List<Map<?, ?>> reasons = maps(node.get("reasons"));
        if (reasons.isEmpty()) {
            return out.append(": nothing holds it back\n").toString();
        }
        out.append(":\n");
        for (Map<?, ?> r : reasons) {
            out.append("  - ").append(text(r.get("code"))).append(": ").append(text(r.get("message"))).append('\n');
        }
        return out.toString();
    }

    static String table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < row.size() - 1; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                out.append(i == row.size() - 1 ? cell : cell + " ".repeat(width[i] - cell.length() + 2));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    static List<Map<?, ?>> maps(Object list) {
        if (!(list instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList();
    }

    private static String text(Object o) {
        return o == null ? "-" : o.toString();
    }
}
