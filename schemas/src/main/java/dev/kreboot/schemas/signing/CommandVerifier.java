package dev.kreboot.schemas.signing;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.RebootCommand;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks that a command was signed by a coordinator key the executor trusts and has not expired.
 * Several keys may be trusted at once (key rotation: trust the new public key everywhere first,
 * then switch the coordinator to the new private key). A replayed old command carries a valid
 * signature but an old {@code commandSeq} (and usually a passed expiry); executors refuse those on
 * their own rules.
 */
public final class CommandVerifier {

    /** Why a command was refused; the name is the reason code reported on the progress topic. */
    public enum Outcome {
        VALID("signed by a trusted key"),
        UNSIGNED("the command carries no signature"),
        UNKNOWN_KEY("the command is signed with a key this executor does not trust"),
        BAD_SIGNATURE("the signature does not match the command's content (altered or forged)"),
        EXPIRED("the command expired before it could be carried out");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Map<String, PublicKey> trusted;

    public CommandVerifier(Map<String, PublicKey> trusted) {
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted public key is needed to verify commands");
        }
        trusted.keySet().forEach(SigningKeys::requireKeyId);
        this.trusted = Map.copyOf(trusted);
    }

    public Outcome verify(SpecificRecord command, Instant now) {
        ByteBuffer signature;
        String keyId;
        Instant expiresAt;
        if (command instanceof DrainCommand d) {
            signature = d.getSignature();
            keyId = d.getSigningKeyId();
            expiresAt = d.getExpiresAt();
        } else if (command instanceof RebootCommand r) {
            signature = r.getSignature();
            keyId = r.getSigningKeyId();
            expiresAt = r.getExpiresAt();
        } else {
            throw new IllegalArgumentException("not a command: " + command.getClass().getSimpleName());
        }
        if (signature == null || keyId == null) {
            return Outcome.UNSIGNED;
        }
        PublicKey key = trusted.get(keyId);
        if (key == null) {
            return Outcome.UNKNOWN_KEY;
        }
        byte[] bytes = new byte[signature.remaining()];
        signature.duplicate().get(bytes);
        try {
            Signature check = Signature.getInstance("Ed25519");
            check.initVerify(key);
            check.update(CommandContent.of(command));
            if (!check.verify(bytes)) {
                return Outcome.BAD_SIGNATURE;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Outcome.BAD_SIGNATURE;
        }
        return expiresAt != null && !now.isBefore(expiresAt) ? Outcome.EXPIRED : Outcome.VALID;
    }
}
