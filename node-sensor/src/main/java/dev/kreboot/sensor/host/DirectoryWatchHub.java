package dev.kreboot.sensor.host;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link WatchService} (inotify on Linux) and one thread, shared by every sensor of the JVM.
 *
 * <p>Why shared: Linux allows 128 inotify instances per user by default and the JDK starts a
 * thread per watch service, so one service per sensor would cap the sandbox, which runs a sensor
 * per simulated node in one JVM, at about a hundred nodes. Watches are cheap (the default limit is
 * in the hundreds of thousands).
 *
 * <p>How: each subscriber names a directory, the file names it cares about and a listener. The
 * hub thread takes each signalled key, drains its events and calls the listeners of that key whose
 * names appear among the events (every listener on overflow, because events were lost). When a
 * watched directory disappears its key becomes invalid: the subscriptions are marked invalid and
 * their listeners called once, so their owners look again and re-subscribe when it is back.
 * Listeners run on the hub thread and must only hand work off.
 */
public final class DirectoryWatchHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatchHub.class);
    private static DirectoryWatchHub shared;

    private final WatchService service;
    private final Thread thread;
    private final Map<WatchKey, List<Subscription>> subscriptions = new HashMap<>();

    public DirectoryWatchHub(String name) {
        try {
            this.service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file watch service", e);
        }
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The JVM-wide hub; never closed (its thread is a daemon). */
    public static synchronized DirectoryWatchHub shared() {
        if (shared == null) {
            shared = new DirectoryWatchHub("kreboot-file-watch");
        }
        return shared;
    }

    /**
     * Starts calling {@code listener} when one of {@code names} (file names, no directories) is
     * created, deleted or modified in {@code directory}.
     *
     * @throws java.nio.file.NoSuchFileException if the directory does not exist (yet)
     * @throws IOException                       if it cannot be watched
     */
    public Subscription watch(Path directory, Set<Path> names, Runnable listener) throws IOException {
        synchronized (subscriptions) {
            // Registered under the lock so the hub thread never sees the key without its subscriber.
            WatchKey key = directory.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            Subscription subscription = new Subscription(key, directory, Set.copyOf(names), listener);
            subscriptions.computeIfAbsent(key, k -> new ArrayList<>()).add(subscription);
            return subscription;
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        }
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            }
            List<WatchEvent<?>> events = key.pollEvents();
            boolean valid = key.reset();
            List<Subscription> targets;
            synchronized (subscriptions) {
                targets = List.copyOf(subscriptions.getOrDefault(key, List.of()));
                if (!valid) {
                    subscriptions.remove(key);
                }
            }
            for (Subscription subscription : targets) {
                if (!valid) {
                    subscription.invalidated = true;
                }
                if (!valid || subscription.concerns(events)) {
                    subscription.fire();
                }
            }
        }
    }

    /** A live watch; {@link #close()} stops it. */
    public final class Subscription implements AutoCloseable {
        private final WatchKey key;
        private final Path directory;
        private final Set<Path> names;
        private final Runnable listener;
        private volatile boolean invalidated;
        private volatile boolean closed;

        private Subscription(WatchKey key, Path directory, Set<Path> names, Runnable listener) {
            this.key = key;
            this.directory = directory;
            this.names = names;
            this.listener = listener;
        }

        public Path directory() {
            return directory;
        }

        /** False once the directory was deleted or moved, or the subscription closed. */
        public boolean valid() {
            return !closed && !invalidated && key.isValid();
        }

        @Override
        public void close() {
            closed = true;
            synchronized (subscriptions) {
                List<Subscription> list = subscriptions.get(key);
                if (list != null) {
                    list.remove(this);
                    if (list.isEmpty()) {
                        subscriptions.remove(key);
                        key.cancel();
                    }
                }
            }
        }

        private boolean concerns(List<WatchEvent<?>> events) {
            for (WatchEvent<?> event : events) {
                if (event.kind() == OVERFLOW || names.contains((Path) event.context())) {
                    return true;
                }
            }
            return false;
        }

        private void fire() {
            if (closed) {
                return;
            }
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.error("file watch listener for {} failed", directory, e);
            }
        }
    }
}
