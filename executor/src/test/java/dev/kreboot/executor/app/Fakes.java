package dev.kreboot.executor.app;

import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** Recording fakes of the executor's host and sink ports. */
final class Fakes {

    private Fakes() {
    }

    /** Keeps every published event. */
    static final class RecordingSink implements ProgressSink {
        final List<NodeProgress> events = new CopyOnWriteArrayList<>();

        @Override
        public void publish(NodeProgress progress) {
            events.add(progress);
        }

        List<ProgressPhase> phases() {
            return events.stream().map(NodeProgress::getPhase).toList();
        }

        long count(ProgressPhase phase) {
            return events.stream().filter(e -> e.getPhase() == phase).count();
        }

        NodeProgress last(ProgressPhase phase) {
            return events.stream().filter(e -> e.getPhase() == phase).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no " + phase + " in " + phases()));
        }
    }

    /** The host's boot id, changed by the test to simulate a boot. */
    static final class MutableBootId implements BootIdSource {
        private final AtomicReference<String> id;

        MutableBootId(String initial) {
            id = new AtomicReference<>(initial);
        }

        void set(String value) {
            id.set(value);
        }

        @Override
        public String currentBootId() {
            return id.get();
        }
    }

    /** Records reboot requests; optionally fails them. */
    static final class RecordingRebooter implements Rebooter {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile String failWith;

        @Override
        public void reboot(String node, String rebootId) throws Exception {
            calls.add(node + "/" + rebootId);
            if (failWith != null) {
                throw new java.io.IOException(failWith);
            }
        }
    }
}
