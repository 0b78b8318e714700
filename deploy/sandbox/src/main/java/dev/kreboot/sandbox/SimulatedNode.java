package dev.kreboot.sandbox;

import dev.kreboot.executor.app.CommandVerifier;
import dev.kreboot.executor.app.NodeExecutor;
import dev.kreboot.executor.app.ProgressSink;
import dev.kreboot.executor.app.Rebooter;
import dev.kreboot.executor.config.ExecutorSettings;
import dev.kreboot.sensor.app.NodeSensor;
import dev.kreboot.sensor.app.StatusSink;
import dev.kreboot.sensor.config.SensorSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated node: its host folder, its node-sensor and its executor, wired as plain objects
 * (as the DaemonSets would run them), and a reboot that behaves like one: the host goes down (the
 * sensor dies, the Node turns NotReady), comes back with a new boot id after the reboot time (a
 * new sensor starts), turns Ready after the ready time, and the executor starts again.
 */
final class SimulatedNode implements Rebooter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedNode.class);

    private final String name;
    private final SimulatedHost host;
    private final SimulatedCluster cluster;
    private final StatusSink statusSink;
    private final Map<String, String> common;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final long rebootMs;
    private final long readyMs;
    private final ProgressSink progressSink;
    private final CommandVerifier verifier;
    private final boolean neverReturns;
    private final ExecutorSettings executorSettings;
    private volatile NodeExecutor executor;
    private volatile NodeSensor sensor;

    SimulatedNode(String name, SimulatedHost host, SimulatedCluster cluster, Map<String, String> common,
                  StatusSink statusSink, ProgressSink progressSink, Clock clock, ScheduledExecutorService scheduler,
                  long rebootMs, long readyMs, String drainTimeout, CommandVerifier verifier, boolean neverReturns) {
        this.name = name;
        this.host = host;
        this.cluster = cluster;
        this.statusSink = statusSink;
        this.common = common;
        this.clock = clock;
        this.scheduler = scheduler;
        this.rebootMs = rebootMs;
        this.readyMs = readyMs;
        Map<String, String> executorProps = new HashMap<>(common);
        executorProps.put(ExecutorSettings.NODE_NAME, name);
        executorProps.put(ExecutorSettings.INSTANCE, "executor-" + name);
        executorProps.put(ExecutorSettings.EVICTION_RETRY_INTERVAL, "100ms");
        executorProps.put(ExecutorSettings.POLL_INTERVAL, "50ms");
        executorProps.put(ExecutorSettings.DRAIN_TIMEOUT, drainTimeout);
        executorProps.put(ExecutorSettings.READY_TIMEOUT, "60s");
        executorProps.put(ExecutorSettings.BOOT_ID_FILE, host.bootIdFile().toString());
        this.progressSink = progressSink;
        this.verifier = verifier;
        this.neverReturns = neverReturns;
        this.executorSettings = ExecutorSettings.from(executorProps);
        this.executor = newExecutor();
    }

    private NodeExecutor newExecutor() {
        return new NodeExecutor(executorSettings, cluster.client(), this, host::bootId, progressSink, verifier, clock,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /**
     * The executor's process is killed and its pod restarts: a new executor that knows only what
     * the compacted commands topic and the Node tell it (the newest command is handed over as the
     * real one replays its partition), then resumes.
     */
    void crashExecutor(SpecificRecord newestCommand) {
        executor.close();
        NodeExecutor restarted = newExecutor();
        executor = restarted;
        if (newestCommand != null) {
            restarted.submit(newestCommand);
        }
        restarted.resume();
    }

    void start() {
        startSensor();
        executor.resume();
    }

    private void startSensor() {
        Map<String, String> props = new HashMap<>(common);
        props.put(SensorSettings.NODE_NAME, name);
        // One instance id per sensor process: its sequence numbers start again at every boot.
        props.put(SensorSettings.INSTANCE, "sensor-" + name + "-" + host.bootId().substring(0, 8));
        props.put(SensorSettings.SENTINEL, host.sentinel().toString());
        props.put(SensorSettings.PACKAGES_FILE, host.packagesFile().toString());
        props.put(SensorSettings.BOOT_ID_FILE, host.bootIdFile().toString());
        props.put(SensorSettings.OS_RELEASE_FILE, host.osReleaseFile().toString());
        props.put(SensorSettings.PERIOD, "30s");
        NodeSensor started = new NodeSensor(SensorSettings.from(props), statusSink, clock);
        started.start();
        sensor = started;
    }

    String name() {
        return name;
    }

    SimulatedHost host() {
        return host;
    }

    void submit(SpecificRecord command) {
        executor.submit(command);
    }

    /** The executor asks for a reboot: simulate the host going down and coming back. */
    @Override
    public void reboot(String node, String rebootId) {
        LOG.debug("{}: rebooting for {}", name, rebootId);
        // One chain per reboot, each step scheduling the next, so the host can never come back
        // before it went down, however short the simulated phases are.
        scheduler.execute(() -> {
            NodeSensor dying = sensor;
            if (dying != null) {
                dying.close();
            }
            untilDone("turn NotReady", () -> cluster.setReady(name, false), () -> {
                if (neverReturns) {
                    // The host is gone for good, and the executor with it: nobody reports anything more.
                    executor.close();
                    return;
                }
                scheduler.schedule(() -> {
                    host.boot();
                    startSensor();
                    scheduler.schedule(() -> untilDone("turn Ready", () -> cluster.setReady(name, true),
                            executor::resume), readyMs, TimeUnit.MILLISECONDS);
                }, rebootMs, TimeUnit.MILLISECONDS);
            });
        });
    }

    /**
     * The kubelet keeps reporting its Node's condition until the API server takes it: a step that
     * fails (an API server too busy to answer) is tried again before the chain goes on, or a node
     * would stay NotReady for good, or come back before it went down.
     */
    private void untilDone(String what, Runnable step, Runnable then) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.debug("{}: could not {} yet, trying again: {}", name, what, e.toString());
            scheduler.schedule(() -> untilDone(what, step, then), 100, TimeUnit.MILLISECONDS);
            return;
        }
        then.run();
    }

    @Override
    public void close() {
        NodeSensor current = sensor;
        if (current != null) {
            current.close();
        }
        executor.close();
    }
}
