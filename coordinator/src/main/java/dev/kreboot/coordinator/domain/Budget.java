package dev.kreboot.coordinator.domain;

import java.time.Instant;

/**
 * How many nodes may be out at once: a count ({@code 2}) or a percentage ({@code 20%}) of the
 * eligible nodes (known, not deleted), optionally per group of nodes sharing the value of the
 * label {@code groupBy} (nodes without the label form one group of their own), optionally only
 * while its {@link CronSchedule} is active.
 *
 * <p>Rounding: a percentage rounds down but never below one node, so a small fleet or group
 * still makes progress (20% of 4 nodes is 1 slot, not 0). A count of 0 is allowed only with a
 * schedule: a freeze during the scheduled periods.
 */
public record Budget(int count, int percent, String groupBy, CronSchedule schedule) {

    public Budget {
        boolean freeze = count == 0 && percent == 0 && schedule != null;
        if (count < 0 || percent < 0 || percent > 100 || (!freeze && (count == 0) == (percent == 0))) {
            throw new IllegalArgumentException("budget must be a positive count or a percentage in 1..100");
        }
        if (groupBy != null && groupBy.isBlank()) {
            groupBy = null;
        }
    }

    public Budget(int count, int percent) {
        this(count, percent, null, null);
    }

    public static Budget parse(String key, String text) {
        return parse(key, text, null, null);
    }

    /** Parses the size; {@code groupBy} may be null (global), {@code schedule} null (always). */
    public static Budget parse(String key, String text, String groupBy, CronSchedule schedule) {
        String value = text == null ? "" : text.strip();
        try {
            if (value.endsWith("%")) {
                return new Budget(0, Integer.parseInt(value.substring(0, value.length() - 1).strip()), groupBy,
                        schedule);
            }
            return new Budget(Integer.parseInt(value), 0, groupBy, schedule);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be a positive count (2) or a percentage (20%)"
                    + (schedule != null ? " or 0 with a schedule" : "") + ", got '" + text + "'", e);
        }
    }

    /** Slots allowed among {@code eligibleNodes} nodes (of the group, for a group budget). */
    public int allowed(int eligibleNodes) {
        if (count > 0 || percent == 0) {
            return count;
        }
        return Math.max(1, eligibleNodes * percent / 100);
    }

    public boolean activeAt(Instant t) {
        return schedule == null || schedule.activeAt(t);
    }

    public boolean grouped() {
        return groupBy != null;
    }

    @Override
    public String toString() {
        String size = count > 0 || percent == 0 ? Integer.toString(count) : percent + "%";
        return size + (groupBy != null ? " per " + groupBy : "") + (schedule != null ? " during " + schedule : "");
    }
}
