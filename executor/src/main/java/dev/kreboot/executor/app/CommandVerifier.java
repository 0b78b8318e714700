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
     * Accepts everything: only when no signing keys are mounted ({@code kreboot.signing.key-dir}
     * unset), which the executor warns about at start-up. With keys, {@link SignatureVerifier}.
     */
    CommandVerifier ACCEPT_ALL = command -> Optional.empty();

    /** Empty when the command may be acted on; otherwise why it is refused. */
    Optional<Finding> refusal(SpecificRecord command);
}
