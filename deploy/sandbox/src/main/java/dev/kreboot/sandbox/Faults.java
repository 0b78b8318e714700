package dev.kreboot.sandbox;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.testing.EmbeddedKafka;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Injects a scenario's faults at the moment they hurt most, on its own thread: the broker goes
 * away once the first node is rebooting, an executor dies while its node drains. A fault that
 * could not be injected is reported as a problem, so a scenario never passes without its fault.
 */
final class Faults implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ScenarioPlan plan;
    private final EmbeddedKafka broker;
    private final Map<String, SimulatedNode> nodes;
    private final EventLog log;
    private final Consumer<String> say;
    private final WebhookSink sink;
    private final java.util.function.Consumer<SpecificRecord> wire;
    private final String forgeryTarget;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> injected = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /**
     * @param wire          writes a record to the commands topic (keyed by its node), as an attacker with
     *                      write access to the topic could
     * @param forgeryTarget a node that needs no reboot, for the forged command (null: none available)
     */
    Faults(ScenarioPlan plan, EmbeddedKafka broker, Map<String, SimulatedNode> nodes, EventLog log, WebhookSink sink,
           java.util.function.Consumer<SpecificRecord> wire, String forgeryTarget, Consumer<String> say) {
        this.plan = plan;
        this.broker = broker;
        this.nodes = nodes;
        this.log = log;
        this.sink = sink;
        this.wire = wire;
        this.forgeryTarget = forgeryTarget;
        this.say = say;
    }

    /** Each fault waits for its own moment on its own thread, so one cannot make another miss its window. */
    void start() {
        if (plan.brokerRestart()) {
            spawn("broker-restart", this::restartBroker);
        }
        if (plan.executorCrash() != null) {
            spawn("executor-crash", () -> crashExecutor(plan.executorCrash()));
        }
        if (plan.webhookOutageMs() > 0) {
            spawn("webhook-outage", this::webhookOutage);
        }
        if (plan.forgedCommand() && forgeryTarget != null) {
            spawn("forged-command", this::forgeCommand);
        }
    }

    private interface Fault {
        void inject() throws InterruptedException;
    }

    private void spawn(String name, Fault fault) {
        Thread thread = new Thread(() -> {
            try {
                fault.inject();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                problems.add(name + ": fault injection failed: " + e);
            }
        }, "fault-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void webhookOutage() throws InterruptedException {
        if (!Waits.tryUntil(WAIT, () -> seen(null, ProgressPhase.CORDONED))) {
            missed("webhook-outage: the rollout never started");
            return;
        }
        say.accept("FAULT: the webhook answers 503 for " + plan.webhookOutageMs() + " ms");
        injected.add("webhook outage " + plan.webhookOutageMs() + " ms");
        sink.failFor(Duration.ofMillis(plan.webhookOutageMs()));
    }

    /** An attacker who can write to the commands topic but has no coordinator key. */
    private void forgeCommand() throws InterruptedException {
        if (!Waits.tryUntil(WAIT, () -> seen(null, ProgressPhase.CORDONED))) {
            missed("forged-command: the rollout never started");
            return;
        }
        String node = forgeryTarget;
        var attacker = new dev.kreboot.schemas.signing.CommandSigner(
                dev.kreboot.schemas.signing.SigningKeys.generate().getPrivate(), SandboxRun.SIGNING_KEY_ID);
        DrainCommand forged = attacker.sign(DrainCommand.newBuilder()
                .setHeader(new dev.kreboot.schemas.Events(SandboxRun.CLUSTER, "coordinator", "coordinator-0")
                        .header(node, "forged-reboot", java.time.Instant.now()))
                .setCommandSeq(1_000_000).setBootIdToLeave(nodes.get(node).host().bootId()).build());
        say.accept("FAULT: a forged Drain command for " + node + " is written to the commands topic");
        injected.add("forged Drain command for " + node);
        wire.accept(forged);
        if (!Waits.tryUntil(WAIT, () -> seen(node, ProgressPhase.COMMAND_REJECTED))) {
            problems.add("forged-command: " + node + " never reported the forged command as rejected");
        }
    }

    private void missed(String problem) {
        if (plan.strict()) {
            problems.add(problem);
        }
    }

    private void restartBroker() throws InterruptedException {
        if (!Waits.tryUntil(WAIT, () -> seen(null, ProgressPhase.REBOOTING))) {
            missed("broker-restart: no node started rebooting, the fault was never injected");
            return;
        }
        say.accept("FAULT: the Kafka broker stops (a node is rebooting)");
        injected.add("broker restart");
        broker.stop();
        // How long the broker stays away is the fault itself, not a synchronisation.
        Thread.sleep(2000);
        broker.start();
        say.accept("FAULT: the Kafka broker is back on " + broker.bootstrapServers());
    }

    private void crashExecutor(String node) throws InterruptedException {
        if (!Waits.tryUntil(WAIT, () -> seen(node, ProgressPhase.CORDONED))) {
            missed("executor-crash: " + node + " was never cordoned, the fault was never injected");
            return;
        }
        if (seen(node, ProgressPhase.DRAINED)) {
            missed("executor-crash: " + node + " drained before its executor could be killed");
            return;
        }
        say.accept("FAULT: the executor of " + node + " is killed mid-drain and restarts");
        injected.add("executor of " + node + " killed mid-drain");
        nodes.get(node).crashExecutor(newestCommand(node));
    }

    /** What the restarted executor reads back from its partition of the compacted commands topic. */
    private SpecificRecord newestCommand(String node) {
        return log.matching(e -> e.node().equals(node)
                        && (e.value() instanceof DrainCommand || e.value() instanceof RebootCommand))
                .stream().map(EventLog.Entry::value)
                .max(Comparator.comparingLong(Faults::commandSeq)).orElse(null);
    }

    private static long commandSeq(SpecificRecord command) {
        return command instanceof DrainCommand d ? d.getCommandSeq() : ((RebootCommand) command).getCommandSeq();
    }

    private boolean seen(String node, ProgressPhase phase) {
        return !log.matching(e -> (node == null || e.node().equals(node)) && e.value() instanceof NodeProgress p
                && p.getPhase() == phase).isEmpty();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** A scenario expectation that did not hold, found outside the fault threads. */
    void problem(String problem) {
        problems.add(problem);
    }

    /** A fault injected elsewhere (the command wire), for the report. */
    void record(String fault) {
        injected.add(fault);
    }

    List<String> injected() {
        return List.copyOf(injected);
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
    }
}
