package dev.kreboot.coordinator.domain;

/**
 * How many nodes may be out at once: a count ({@code 2}) or a percentage of the known nodes
 * ({@code 20%}). A percentage rounds down but never below one node, so a small fleet still makes
 * progress (20% of 4 nodes is 1 slot, not 0).
 */
public record Budget(int count, int percent) {

    public Budget {
        if (count < 0 || percent < 0 || percent > 100 || (count == 0) == (percent == 0)) {
            throw new IllegalArgumentException("budget must be a positive count or a percentage in 1..100");
        }
    }

    public static Budget parse(String key, String text) {
        String value = text == null ? "" : text.strip();
        try {
            if (value.endsWith("%")) {
                return new Budget(0, Integer.parseInt(value.substring(0, value.length() - 1).strip()));
            }
            return new Budget(Integer.parseInt(value), 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be a positive count (2) or a percentage (20%), got '"
                    + text + "'", e);
        }
    }

    public int allowed(int knownNodes) {
        if (count > 0) {
            return count;
        }
        return Math.max(1, knownNodes * percent / 100);
    }

    @Override
    public String toString() {
        return count > 0 ? Integer.toString(count) : percent + "%";
    }
}
