package dev.kreboot.coordinator.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per active budget and group: how many eligible nodes there are and how many are out, built once
 * per grant pass and updated as slots are granted, so a pass over n nodes costs O(n * budgets).
 */
final class BudgetUsage {
    private static final String NO_GROUP = "";

    private final List<Budget> budgets;
    private final List<Map<String, int[]>> groups = new ArrayList<>();
    private final Map<String, String[]> groupOf = new HashMap<>();
    private final Map<String, Boolean> out = new HashMap<>();

    BudgetUsage(List<Budget> budgets) {
        this.budgets = budgets;
        budgets.forEach(b -> groups.add(new HashMap<>()));
    }

    void add(String node, Map<String, String> labels, boolean isOut) {
        String[] keys = new String[budgets.size()];
        for (int i = 0; i < budgets.size(); i++) {
            Budget b = budgets.get(i);
            keys[i] = b.grouped() ? labels.getOrDefault(b.groupBy(), NO_GROUP) : NO_GROUP;
            int[] counts = groups.get(i).computeIfAbsent(keys[i], k -> new int[2]);
            counts[0]++;
            if (isOut) {
                counts[1]++;
            }
        }
        groupOf.put(node, keys);
        out.put(node, isOut);
    }

    /** Reasons the node may not go out now: it would take some active budget past its allowance. */
    List<BlockReason> reasons(String node) {
        String[] keys = groupOf.get(node);
        List<BlockReason> reasons = new ArrayList<>(2);
        if (keys == null) {
            return reasons; // not eligible: the caller says why
        }
        // A node already out (NotReady, cordoned) adds nothing, but is not let in over a budget either.
        int adds = Boolean.TRUE.equals(out.get(node)) ? 0 : 1;
        for (int i = 0; i < budgets.size(); i++) {
            int[] counts = groups.get(i).get(keys[i]);
            if (counts[1] + adds > budgets.get(i).allowed(counts[0])) {
                BlockReason r = budgets.get(i).grouped() ? BlockReason.GROUP_BUDGET_EXHAUSTED
                        : BlockReason.BUDGET_EXHAUSTED;
                if (!reasons.contains(r)) {
                    reasons.add(r);
                }
            }
        }
        return reasons;
    }

    record Row(Budget budget, String group, int eligible, int out, int allowed) {
    }

    /** Every group of every budget given, groups sorted by name. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < budgets.size(); i++) {
            Budget b = budgets.get(i);
            new java.util.TreeMap<>(groups.get(i)).forEach((group, counts) ->
                    rows.add(new Row(b, group, counts[0], counts[1], b.allowed(counts[0]))));
        }
        return rows;
    }

    void take(String node) {
        if (Boolean.TRUE.equals(out.put(node, true))) {
            return;
        }
        String[] keys = groupOf.get(node);
        for (int i = 0; i < budgets.size(); i++) {
            groups.get(i).get(keys[i])[1]++;
        }
    }
}
