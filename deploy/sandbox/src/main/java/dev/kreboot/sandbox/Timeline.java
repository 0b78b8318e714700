package dev.kreboot.sandbox;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.ProgressPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rollout as a Gantt chart: per node its phases (queued, draining, drained and waiting for the
 * Reboot command, rebooting, returning: Ready, uncordoned, reported), and
 * below them the slots in use over time against the budget, as one self-contained HTML page with
 * inline SVG (no scripts, no external files).
 */
final class Timeline {
    /** One phase of one node, in ms from the start of the rollout. */
    record Bar(String node, String phase, long fromMs, long toMs) {
    }

    private static final Map<String, String> COLORS = new java.util.LinkedHashMap<>();

    static {
        COLORS.put("queued", "#c7d2fe");
        COLORS.put("draining", "#f59e0b");
        COLORS.put("drained, reboot pending", "#fcd34d");
        COLORS.put("rebooting", "#ef4444");
        COLORS.put("returning", "#10b981");
        COLORS.put("drain failed", "#6b7280");
    }

    private Timeline() {
    }

    /** Reads the bars off the event log: what a subscriber of the topics sees. */
    static List<Bar> bars(EventLog log, List<String> needing, long rolloutStart, long end) {
        List<Bar> bars = new ArrayList<>();
        for (String node : needing) {
            Long required = first(log, node, "required");
            Long drain = first(log, node, "drain");
            Long drained = first(log, node, ProgressPhase.DRAINED.name());
            Long failed = first(log, node, ProgressPhase.DRAIN_FAILED.name());
            Long rebooting = first(log, node, ProgressPhase.REBOOTING.name());
            Long rebooted = first(log, node, ProgressPhase.REBOOTED.name());
            Long completed = first(log, node, ProgressPhase.COMPLETED.name());
            add(bars, node, "queued", required, drain != null ? drain : end, rolloutStart);
            add(bars, node, "draining", drain, drained != null ? drained : failed != null ? failed : end, rolloutStart);
            if (failed != null && drained == null) {
                add(bars, node, "drain failed", failed, failed + 1, rolloutStart);
            }
            add(bars, node, "drained, reboot pending", drained, rebooting != null ? rebooting : end, rolloutStart);
            add(bars, node, "rebooting", rebooting, rebooted != null ? rebooted : end, rolloutStart);
            add(bars, node, "returning", rebooted, completed != null ? completed : end, rolloutStart);
        }
        return bars;
    }

    private static void add(List<Bar> bars, String node, String phase, Long from, Long to, long origin) {
        if (from != null && to != null && to >= from) {
            bars.add(new Bar(node, phase, from - origin, to - origin));
        }
    }

    private static Long first(EventLog log, String node, String what) {
        return log.about(node, e -> switch (what) {
            case "required" -> e.value() instanceof NodeStatus s && s.getRebootRequired();
            case "drain" -> e.value() instanceof DrainCommand;
            default -> e.value() instanceof NodeProgress p && p.getPhase().name().equals(what);
        }).stream().mapToLong(EventLog.Entry::timestampMs).boxed().min(Long::compare).orElse(null);
    }

    /** Slots in use over time: a node holds one from its Drain command until it completed or failed. */
    static TreeMap<Long, Integer> usage(List<Bar> bars) {
        TreeMap<Long, Integer> delta = new TreeMap<>();
        Map<String, long[]> held = new TreeMap<>();
        for (Bar bar : bars) {
            if (!bar.phase().equals("queued") && !bar.phase().equals("drain failed")) {
                held.merge(bar.node(), new long[] {bar.fromMs(), bar.toMs()},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        held.values().forEach(span -> {
            delta.merge(span[0], 1, Integer::sum);
            delta.merge(span[1], -1, Integer::sum);
        });
        TreeMap<Long, Integer> usage = new TreeMap<>();
        int current = 0;
        for (var step : delta.entrySet()) {
            current += step.getValue();
            usage.put(step.getKey(), current);
        }
        return usage;
    }

    static String html(String title, List<Bar> bars, int budget) {
        List<String> nodes = bars.stream().map(Bar::node).distinct().sorted(Timeline::byNumber).toList();
        long span = Math.max(1, bars.stream().mapToLong(Bar::toMs).max().orElse(1));
        int left = 90;
        int width = 900;
        int row = 22;
        int chartTop = 30;
        int usageTop = chartTop + nodes.size() * row + 40;
        int usageHeight = 80;
        double scale = (double) width / span;
        StringBuilder svg = new StringBuilder();
        int height = usageTop + usageHeight + 50;
        svg.append(String.format("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>%n",
                left + width + 20, height));
        for (int t = 0; t <= 10; t++) {
            double x = left + t * width / 10.0;
            svg.append(String.format("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>"
                    + "<text x='%.1f' y='%d' fill='#666' text-anchor='middle'>%.1fs</text>%n",
                    x, chartTop - 5, x, usageTop + usageHeight, x, height - 20, span * t / 10.0 / 1000));
        }
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            int y = chartTop + i * row;
            svg.append(String.format("<text x='5' y='%d'>%s</text>%n", y + 15, escape(node)));
            for (Bar bar : bars) {
                if (bar.node().equals(node)) {
                    svg.append(String.format("<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='%s'><title>%s %s: %d ms</title></rect>%n",
                            left + bar.fromMs() * scale, y + 3, Math.max(2, (bar.toMs() - bar.fromMs()) * scale), row - 6,
                            COLORS.getOrDefault(bar.phase(), "#999"), escape(node), bar.phase(), bar.toMs() - bar.fromMs()));
                }
            }
        }
        TreeMap<Long, Integer> usage = usage(bars);
        int max = Math.max(budget, usage.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        double unit = (double) usageHeight / Math.max(1, max);
        svg.append(String.format("<text x='5' y='%d'>slots in use</text>%n", usageTop + 15));
        double budgetY = usageTop + usageHeight - budget * unit;
        svg.append(String.format("<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ef4444' stroke-dasharray='4'/>"
                + "<text x='%d' y='%.1f' fill='#ef4444'>budget %d</text>%n", left, budgetY, left + width, budgetY,
                left + width - 70, budgetY - 3, budget));
        StringBuilder path = new StringBuilder(String.format("M %d %d", left, usageTop + usageHeight));
        int level = 0;
        for (var step : usage.entrySet()) {
            double x = left + step.getKey() * scale;
            path.append(String.format(" L %.1f %.1f", x, usageTop + usageHeight - level * unit));
            level = step.getValue();
            path.append(String.format(" L %.1f %.1f", x, usageTop + usageHeight - level * unit));
        }
        path.append(String.format(" L %d %.1f", left + width, usageTop + usageHeight - level * unit));
        svg.append(String.format("<path d='%s' fill='none' stroke='#2563eb' stroke-width='2'/>%n", path));
        svg.append("</svg>");
        StringBuilder legend = new StringBuilder();
        COLORS.forEach((phase, color) -> legend.append(String.format(
                "<span style='display:inline-block;width:12px;height:12px;background:%s;margin:0 4px 0 12px'></span>%s",
                color, phase)));
        return "<!doctype html><html><head><meta charset='utf-8'><title>" + escape(title) + "</title></head>"
                + "<body style='font-family:sans-serif'><h2>" + escape(title) + "</h2><p>" + legend + "</p>"
                + svg + "</body></html>\n";
    }

    private static int byNumber(String a, String b) {
        String da = a.replaceAll("\\D", "");
        String db = b.replaceAll("\\D", "");
        if (!da.isEmpty() && !db.isEmpty() && da.length() < 10 && db.length() < 10) {
            int c = Integer.compare(Integer.parseInt(da), Integer.parseInt(db));
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
