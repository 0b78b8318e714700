package dev.kreboot.sandbox;

import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.app.LeadershipElector;
import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.config.PortsFactory;
import dev.kreboot.coordinator.kubernetes.LeaseElector;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.signing.CommandSigner;
import dev.kreboot.schemas.wire.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The run's coordinator replicas: each started from the same settings under its own instance name,
 * signing its commands with the run's key. With a failover to show ({@link ScenarioPlan#coordinatorFailover()})
 * the replicas elect a leader on a Lease in the API server, and {@link #killLeaderMidDrain} kills
 * the leader the way a {@code kill -9} would; otherwise one always leads.
 */
final class CoordinatorReplicas {
    /** One coordinator replica, its runtime and its Lease elector (null when it always leads). */
    record Replica(String instance, CoordinatorRuntime runtime, LeaseElector elector) {
    }

    /** Mutable until the first start: the window scenario sets its window once it knows when it opens. */
    private final Map<String, String> props;
    private final boolean elect;
    private final SimulatedCluster cluster;
    private final KafkaClients clients;
    private final WireFormat format;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final PrivateKey signingKey;
    private final Consumer<AutoCloseable> closeWithRun;
    /** Starts a built replica: plainly, or under the policy-change scenario's RebootPolicy watch. */
    private final BiFunction<CoordinatorRuntime, String, CoordinatorRuntime> starter;
    private final List<Replica> replicas = new CopyOnWriteArrayList<>();
    private volatile long killedAtMs;

    CoordinatorReplicas(Map<String, String> props, boolean elect, SimulatedCluster cluster, KafkaClients clients,
                        WireFormat format, MeterRegistry metrics, Clock clock, PrivateKey signingKey,
                        Consumer<AutoCloseable> closeWithRun,
                        BiFunction<CoordinatorRuntime, String, CoordinatorRuntime> starter) {
        this.props = new HashMap<>(props);
        this.elect = elect;
        this.cluster = cluster;
        this.clients = clients;
        this.format = format;
        this.metrics = metrics;
        this.clock = clock;
        this.signingKey = signingKey;
        this.closeWithRun = closeWithRun;
        this.starter = starter;
    }

    /** Sets a coordinator property for the replicas started from now on. */
    void set(String key, String value) {
        props.put(key, value);
    }

    String setting(String key) {
        return props.get(key);
    }

    /**
     * Starts the replica named {@code instance} and hands it to {@code closeWithRun}, so it closes in
     * its place among the run's resources (the newest first).
     */
    void start(String instance) {
        Map<String, String> replicaProps = new HashMap<>(props);
        replicaProps.put("kreboot.instance", instance);
        CoordinatorSettings settings = CoordinatorSettings.from(replicaProps);
        // Short Lease timings: the sandbox runs in accelerated time.
        LeaseElector elector = elect ? new LeaseElector(cluster.client(), "kube-system", "kreboot-coordinator", instance,
                new LeaseElector.Timing(Duration.ofMillis(2000), Duration.ofMillis(1500), Duration.ofMillis(300))) : null;
        CoordinatorRuntime built = new CoordinatorRuntime(settings, clients, format, metrics, clock,
                PortsFactory.create(settings, metrics, cluster::client),
                elector != null ? elector : LeadershipElector.always())
                .signedBy(new CommandSigner(signingKey, SandboxRun.SIGNING_KEY_ID));
        CoordinatorRuntime runtime = starter.apply(built, instance);
        closeWithRun.accept(runtime);
        replicas.add(new Replica(instance, runtime, elector));
    }

    /**
     * On its own thread: once a node drains, the leader stops renewing its Lease and dies without
     * releasing it (a kill -9). {@link #killedAtMs()} says when, or 0 when it never happened.
     */
    void killLeaderMidDrain(EventLog log, Consumer<String> say) {
        Thread killer = new Thread(() -> killLeader(log, say), "fault-coordinator-failover");
        killer.setDaemon(true);
        killer.start();
    }

    private void killLeader(EventLog log, Consumer<String> say) {
        try {
            if (!Waits.tryUntil(Duration.ofSeconds(60), () -> !log.matching(e -> e.value() instanceof NodeProgress p
                    && p.getPhase() == ProgressPhase.CORDONED).isEmpty())) {
                return;
            }
            Replica leader = replicas.stream().filter(r -> r.runtime().leading()).findFirst().orElse(null);
            if (leader == null) {
                return;
            }
            say.accept("FAULT: the leading coordinator " + leader.instance() + " is killed mid-drain (its Lease is not released)");
            leader.elector().abandon();
            leader.runtime().close();
            killedAtMs = System.currentTimeMillis();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** When the leader was killed (epoch ms), 0 when it was not. */
    long killedAtMs() {
        return killedAtMs;
    }
}
