package dev.kreboot.coordinator.app;

/**
 * Port: which replica is the single writer. The runtime acts only while {@link #isLeader()} is true,
 * and Kafka transactions fence a replica that still believes it leads after another one took over
 * (a stalled process, a partition): the elector chooses the writer, the fencing makes a stale one harmless.
 */
public interface LeadershipElector extends AutoCloseable {

    /** Callbacks arrive on the elector's own threads. */
    interface Listener {
        void gained();

        void lost();
    }

    /** Starts campaigning; {@code listener} hears every change of this replica's leadership. */
    void start(Listener listener);

    boolean isLeader();

    /** Stops campaigning and hands leadership over at once where the implementation can. */
    @Override
    void close();

    /** No election: a single replica that always leads (the sandbox's and a one-replica deployment's shape). */
    static LeadershipElector always() {
        return new LeadershipElector() {
            @Override
            public void start(Listener listener) {
                listener.gained();
            }

            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public void close() {
            }

            @Override
            public String toString() {
                return "always leader";
            }
        };
    }
}
