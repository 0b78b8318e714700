package dev.kreboot.coordinator.kubernetes;

import dev.kreboot.coordinator.app.LeadershipElector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership through a coordination.k8s.io Lease (fabric8's {@code LeaderElector}), the way
 * kube-controller-manager elects. A leader that stops renewing loses the Lease after
 * {@code leaseDuration}; a graceful {@link #close()} releases it so the standby takes over at once.
 * The elector restarts itself after losing, so a replica that lost can lead again later.
 */
public final class LeaseElector implements LeadershipElector {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseElector.class);

    /** Timings of the Lease: a dead leader is replaced after at most {@code leaseDuration} + {@code retryPeriod}. */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public Timing {
            if (!(leaseDuration.compareTo(renewDeadline) > 0 && renewDeadline.compareTo(retryPeriod) > 0)) {
                throw new IllegalArgumentException(
                        "lease timing must satisfy lease-duration > renew-deadline > retry-period");
            }
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Timing timing;
    private volatile boolean leader;
    private volatile boolean running = true;
    private volatile boolean abandoned;
    private volatile CompletableFuture<?> election;
    private volatile LeaderElector elector;
    private volatile Listener listener;

    public LeaseElector(KubernetesClient client, String namespace, String leaseName, String identity, Timing timing) {
        this.client = client;
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.timing = timing;
    }

    @Override
    public void start(Listener l) {
        this.listener = l;
        campaign();
    }

    private synchronized void campaign() {
        if (!running || abandoned) {
            return;
        }
        elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                // Released explicitly in close(): abandon() must be able to stop without releasing.
                .withReleaseOnCancel(false)
                .withLeaderCallbacks(new LeaderCallbacks(this::gained, this::lost, this::observed))
                .build()).build();
        election = elector.start();
        election.whenComplete((ok, error) -> {
            if (running && !abandoned) {
                LOG.info("{}: election for Lease {}/{} ended ({}), campaigning again", identity, namespace, leaseName,
                        error == null ? "lost" : error.toString());
                campaign();
            }
        });
    }

    private void gained() {
        if (abandoned) {
            return;
        }
        LOG.info("{}: leading (Lease {}/{})", identity, namespace, leaseName);
        leader = true;
        listener.gained();
    }

    private void lost() {
        if (abandoned || !leader) {
            return;
        }
        LOG.info("{}: no longer leading (Lease {}/{})", identity, namespace, leaseName);
        leader = false;
        listener.lost();
    }

    private void observed(String newLeader) {
        LOG.info("{}: Lease {}/{} held by {}", identity, namespace, leaseName, newLeader);
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    /**
     * Stops renewing without releasing and without telling the runtime: this replica still believes it
     * leads, as a stalled or partitioned process would; a later {@link #close()} does not release
     * either (a killed process). For failover tests and the sandbox only.
     */
    public void abandon() {
        abandoned = true;
        CompletableFuture<?> current = election;
        if (current != null) {
            current.cancel(true);
        }
    }

    @Override
    public void close() {
        running = false;
        CompletableFuture<?> current = election;
        if (current != null) {
            current.cancel(true);
        }
        lost();
        LeaderElector last = elector;
        if (last != null && !abandoned) {
            try {
                last.release();
            } catch (RuntimeException e) {
                LOG.warn("{}: could not release Lease {}/{}, the standby waits for it to expire: {}", identity,
                        namespace, leaseName, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "Lease " + namespace + "/" + leaseName + " as " + identity + " " + timing;
    }
}
