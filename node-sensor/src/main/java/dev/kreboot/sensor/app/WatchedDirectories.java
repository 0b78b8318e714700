package dev.kreboot.sensor.app;

import dev.kreboot.sensor.host.DirectoryWatchHub;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories a sensor watches: the parents of its probe's files, each with the file names
 * that matter in it. A directory that is missing (not created yet, or deleted while watched) is
 * retried on every {@link #refresh()}; each change of state is logged once, not on every retry.
 * Thread-safe.
 */
final class WatchedDirectories implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedDirectories.class);

    private final String node;
    private final DirectoryWatchHub hub;
    private final Map<Path, Set<Path>> plan;
    private final Runnable onChange;
    private final Map<Path, DirectoryWatchHub.Subscription> watches = new HashMap<>();
    private final Set<Path> unwatchable = new HashSet<>();
    private boolean closed;

    WatchedDirectories(String node, DirectoryWatchHub hub, Set<Path> files, Runnable onChange) {
        this.node = node;
        this.hub = hub;
        this.plan = plan(files);
        this.onChange = onChange;
    }

    List<Path> directories() {
        return List.copyOf(plan.keySet());
    }

    /** Subscribes every planned directory that is not watched now and exists. */
    synchronized void refresh() {
        if (closed) {
            return;
        }
        for (Map.Entry<Path, Set<Path>> entry : plan.entrySet()) {
            Path dir = entry.getKey();
            DirectoryWatchHub.Subscription current = watches.get(dir);
            if (current != null && current.valid()) {
                continue;
            }
            if (current != null) {
                current.close();
                watches.remove(dir);
                LOG.warn("watched directory {} of {} went away; looking for it on every resync", dir, node);
            }
            try {
                watches.put(dir, hub.watch(dir, entry.getValue(), onChange));
                if (unwatchable.remove(dir)) {
                    LOG.info("directory {} of {} is back; watching it", dir, node);
                }
            } catch (NoSuchFileException e) {
                if (unwatchable.add(dir)) {
                    LOG.info("directory {} of {} does not exist (yet); looking for it on every resync", dir, node);
                }
            } catch (IOException | RuntimeException e) {
                if (unwatchable.add(dir)) {
                    LOG.warn("cannot watch {} for {}: {}; relying on the resync", dir, node, e.toString());
                }
            }
        }
    }

    /** True while every planned directory is watched. */
    synchronized boolean complete() {
        return !closed && plan.keySet().stream().allMatch(dir -> watches.containsKey(dir) && watches.get(dir).valid());
    }

    @Override
    public synchronized void close() {
        closed = true;
        watches.values().forEach(DirectoryWatchHub.Subscription::close);
        watches.clear();
    }

    private static Map<Path, Set<Path>> plan(Set<Path> files) {
        Map<Path, Set<Path>> plan = new HashMap<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            if (absolute.getParent() != null && absolute.getFileName() != null) {
                plan.computeIfAbsent(absolute.getParent(), dir -> new HashSet<>()).add(absolute.getFileName());
            }
        }
        plan.replaceAll((dir, names) -> Set.copyOf(names));
        return Map.copyOf(plan);
    }
}
