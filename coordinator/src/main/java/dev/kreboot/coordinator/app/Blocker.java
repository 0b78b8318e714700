package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.BlockReason;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A port that says whether reboots must wait (kured's RebootBlocker, returning reasons). One
 * evaluation covers the cluster and the given nodes, so an adapter queries its source once.
 * Never throws: an error is a reason (fail closed).
 */
public interface Blocker {

    Verdict evaluate(Collection<String> nodes);

    /**
     * What this blocker checks, in one line for people ({@code status.blockers}, {@code kubectl
     * kreboot status}): its source and settings, never a credential.
     */
    default String describe() {
        return "a blocker (" + getClass().getSimpleName() + ")";
    }

    /**
     * Called once a RebootPolicy change retired this adapter, on the runtime's thread between two
     * decisions (never while it evaluates). Releases what the adapter holds; most hold nothing.
     */
    default void close() {
    }

    /**
     * @param cluster reasons blocking every node
     * @param nodes   reasons blocking a node, by name (absent: clear)
     * @param detail  what was found (alert names, pod names, the error), for the log
     */
    record Verdict(List<BlockReason> cluster, Map<String, List<BlockReason>> nodes, String detail) {
        public Verdict {
            cluster = List.copyOf(cluster);
            nodes = Map.copyOf(nodes);
        }

        public static Verdict clear() {
            return new Verdict(List.of(), Map.of(), "");
        }
    }
}
