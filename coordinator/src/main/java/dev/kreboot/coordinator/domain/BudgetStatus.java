package dev.kreboot.coordinator.domain;

/**
 * One budget (and one group of a grouped budget) as of now: how many eligible nodes are out and
 * how many may be. An inactive scheduled budget is listed with its {@code active} flag false.
 *
 * @param index the budget's position: 0 is {@code kreboot.concurrency}, i + 1 is {@code kreboot.budgets.i}
 * @param group the group's label value ("" for a global budget or nodes without the label)
 */
public record BudgetStatus(int index, String budget, String group, boolean active, int eligible, int inUse,
                           int allowed) {
}
