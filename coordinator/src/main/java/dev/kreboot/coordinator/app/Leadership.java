package dev.kreboot.coordinator.app;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Whether this replica may write, as the runtime thread needs to know it. The {@link LeadershipElector}
 * chooses the writer; this class adds the one thing the elector cannot know: a replica that another one
 * fenced through Kafka (its transactional producer was superseded) must not write again until it is
 * elected anew, even though its elector still says "leader" (its view is stale: a stalled process, a
 * partition). Election callbacks arrive on the elector's threads and wake the runtime thread waiting in
 * {@link #awaitChange()}.
 */
final class Leadership {
    private final LeadershipElector elector;
    private final Object changed = new Object();
    /** Times this replica was elected; a fenced replica waits for a new election before writing again. */
    private final AtomicLong elections = new AtomicLong();
    /** Only the runtime thread reads or writes it. */
    private long fencedInElection = -1;
    private volatile boolean leading;

    Leadership(LeadershipElector elector) {
        this.elector = elector;
    }

    /** Starts campaigning: every gain counts as a new election, every change wakes the runtime thread. */
    void start() {
        elector.start(new LeadershipElector.Listener() {
            @Override
            public void gained() {
                elections.incrementAndGet();
                signal();
            }

            @Override
            public void lost() {
                signal();
            }
        });
    }

    /** Wakes the runtime thread waiting for a change (also on close, so it sees it must stop). */
    void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Elected, and not fenced since that election. */
    boolean mayLead() {
        return elector.isLeader() && elections.get() != fencedInElection;
    }

    /** The election a term starts in; pass it to {@link #fencedIn} when that term was fenced. */
    long election() {
        return elections.get();
    }

    /** Another replica fenced us during {@code election}: wait for the next one before writing again. */
    void fencedIn(long election) {
        fencedInElection = election;
    }

    /**
     * Waits up to a second for a change while this replica may not lead ({@code stillRunning} checked
     * under the lock, so a close signalled just before is not missed). Returns false when interrupted.
     */
    boolean awaitChange(java.util.function.BooleanSupplier stillRunning) {
        synchronized (changed) {
            if (stillRunning.getAsBoolean() && !mayLead()) {
                try {
                    changed.wait(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Between polls of a term: the elector may have chosen another replica meanwhile. */
    void check() {
        if (!elector.isLeader()) {
            throw new LostLeadership("the elector chose another replica", false);
        }
    }

    /** True while a term's producer has fenced every older one: this replica is the single writer. */
    boolean leading() {
        return leading;
    }

    void leading(boolean value) {
        leading = value;
    }

    /** Hands leadership over; only after the runtime thread stopped, or a standby fences the last commit. */
    void close() {
        elector.close();
    }

    /** A newer producer of the same {@code transactional.id} took over, wherever in the cause chain it shows. */
    static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /** This replica must stop writing: another one leads. */
    static final class LostLeadership extends RuntimeException {
        final boolean fenced;

        LostLeadership(String message, boolean fenced) {
            super(message, null, false, false);
            this.fenced = fenced;
        }
    }
}
