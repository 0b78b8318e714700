package dev.kreboot.coordinator.kafka;

import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.coordinator.domain.Output;
import dev.kreboot.schemas.Control;
import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Reason;
import dev.kreboot.schemas.RebootCommand;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Translates between the wire contract and the coordinator's domain; no I/O. */
public final class RecordMapping {
    private final Events events;

    public RecordMapping(Events events) {
        this.events = events;
    }

    /**
     * The domain input a consumed record means, if any (records of other types are not inputs).
     * Control: PAUSE and RESUME pause or resume all reboots; CANCEL on a node releases it when
     * STUCK; REQUEST_REBOOT on a node requests a reboot of its current boot.
     */
    public Optional<Input> input(SpecificRecord record) {
        if (record instanceof NodeStatus s) {
            return Optional.of(new Input.StatusReported(s.getHeader().getNode(), s.getRebootRequired(), s.getBootId(),
                    s.getSequence(), s.getHeader().getProducerInstance(), s.getSentinelSeenAt()));
        }
        if (record instanceof NodeProgress p) {
            return Optional.of(new Input.ProgressReported(p.getHeader().getNode(), p.getHeader().getRebootId(),
                    step(p), p.getBootId(), p.getPreviousBootId()));
        }
        if (record instanceof Control c) {
            String by = c.getRequestedBy();
            return switch (c.getAction()) {
                case PAUSE -> Optional.of(new Input.PauseSet(true, by));
                case RESUME -> Optional.of(new Input.PauseSet(false, by));
                case REQUEST_REBOOT -> "*".equals(c.getHeader().getNode()) ? Optional.empty()
                        : Optional.of(new Input.RebootRequested(c.getHeader().getNode(), by));
                case CANCEL -> "*".equals(c.getHeader().getNode()) ? Optional.empty()
                        : Optional.of(new Input.OperatorReleased(c.getHeader().getNode(), by));
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** A command read back from the commands topic at start-up. */
    public Optional<Input.CommandRestored> restored(SpecificRecord record) {
        if (record instanceof DrainCommand d) {
            return Optional.of(new Input.CommandRestored(d.getHeader().getNode(), d.getHeader().getRebootId(),
                    Input.CommandKind.DRAIN, d.getBootIdToLeave(), d.getCommandSeq()));
        }
        if (record instanceof RebootCommand r) {
            return Optional.of(new Input.CommandRestored(r.getHeader().getNode(), r.getHeader().getRebootId(),
                    Input.CommandKind.REBOOT, r.getBootIdToLeave(), r.getCommandSeq()));
        }
        return Optional.empty();
    }

    public SpecificRecord record(Output output, Instant now) {
        if (output instanceof Output.SendDrain d) {
            return DrainCommand.newBuilder().setHeader(events.header(d.node(), d.rebootId(), now))
                    .setCommandSeq(d.commandSeq()).setBootIdToLeave(d.bootIdToLeave()).build();
        }
        if (output instanceof Output.SendReboot r) {
            return RebootCommand.newBuilder().setHeader(events.header(r.node(), r.rebootId(), now))
                    .setCommandSeq(r.commandSeq()).setBootIdToLeave(r.bootIdToLeave()).build();
        }
        Output.Announce a = (Output.Announce) output;
        return Decision.newBuilder().setHeader(events.header(a.node(), a.rebootId(), now))
                .setType(DecisionType.valueOf(a.kind().name()))
                .setReasons(a.reasons().stream().map(RecordMapping::reason).toList())
                .setSlotsInUse(a.slotsInUse()).setSlotsAllowed(a.slotsAllowed()).build();
    }

    public static String node(Output output) {
        if (output instanceof Output.SendDrain d) {
            return d.node();
        }
        if (output instanceof Output.SendReboot r) {
            return r.node();
        }
        return ((Output.Announce) output).node();
    }

    private static Reason reason(BlockReason reason) {
        return new Reason(reason.name(), reason.text());
    }

    private static Input.Step step(NodeProgress p) {
        return switch (p.getPhase()) {
            case CORDONED -> Input.Step.CORDONED;
            case DRAINED -> Input.Step.DRAINED;
            case DRAIN_FAILED -> Input.Step.DRAIN_FAILED;
            case REBOOTING -> Input.Step.REBOOTING;
            case REBOOTED -> Input.Step.REBOOTED;
            case COMPLETED -> Input.Step.COMPLETED;
            case FAILED -> Input.Step.FAILED;
            default -> Input.Step.OTHER;
        };
    }
}
