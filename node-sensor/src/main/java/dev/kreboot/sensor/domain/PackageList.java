package dev.kreboot.sensor.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The packages that asked for the reboot, as carried in a status: trimmed, blank lines dropped,
 * duplicates removed (Debian's hooks append one line per package run, so a package upgraded twice
 * appears twice), first-seen order kept, and capped so a runaway file cannot bloat every status.
 */
public record PackageList(List<String> names, boolean truncated) {

    public static final PackageList EMPTY = new PackageList(List.of(), false);

    public PackageList {
        names = List.copyOf(names);
    }

    public static PackageList of(List<String> lines, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, got " + max);
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String line : lines) {
            String name = line.strip();
            if (!name.isEmpty()) {
                distinct.add(name);
            }
        }
        if (distinct.size() <= max) {
            return new PackageList(new ArrayList<>(distinct), false);
        }
        return new PackageList(distinct.stream().limit(max).toList(), true);
    }
}
