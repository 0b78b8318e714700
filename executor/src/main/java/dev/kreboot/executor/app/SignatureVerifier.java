package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.ExecutorReason;
import dev.kreboot.executor.domain.Finding;
import java.time.Clock;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Acts only on commands signed by a coordinator key this executor trusts (invariant 6): an
 * unsigned, forged, altered or foreign-key command is refused (COMMAND_UNVERIFIED), an expired
 * one too (COMMAND_EXPIRED). Replays of genuine old commands are stopped by the command sequence.
 */
public final class SignatureVerifier implements CommandVerifier {
    private final dev.kreboot.schemas.signing.CommandVerifier signatures;
    private final Clock clock;

    public SignatureVerifier(dev.kreboot.schemas.signing.CommandVerifier signatures, Clock clock) {
        this.signatures = signatures;
        this.clock = clock;
    }

    @Override
    public Optional<Finding> refusal(SpecificRecord command) {
        var outcome = signatures.verify(command, clock.instant());
        return switch (outcome) {
            case VALID -> Optional.empty();
            case EXPIRED -> Optional.of(new Finding(ExecutorReason.COMMAND_EXPIRED, outcome.text()));
            default -> Optional.of(new Finding(ExecutorReason.COMMAND_UNVERIFIED, outcome.name() + ": " + outcome.text()));
        };
    }
}
