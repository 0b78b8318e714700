package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.Finding;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decides whether a command comes from the coordinator. A refused command is reported
 * (COMMAND_REJECTED) and otherwise ignored: it never becomes the newest command, so a forged
 * command with a high sequence cannot shadow real ones.
 */
@FunctionalInterface
public interface CommandVerifier {

    /**
     * Accepts everything.
     * TODO(issue 5): the coordinator does not sign commands yet; once it fills {@code signature}
     * and {@code signingKeyId}, verify the Ed25519 signature against the configured public key
     * and refuse unsigned or badly signed commands with {@code COMMAND_UNVERIFIED}.
     */
    CommandVerifier ACCEPT_ALL = command -> Optional.empty();

    /** Empty when the command may be acted on; otherwise why it is refused. */
    Optional<Finding> refusal(SpecificRecord command);
}
