package dev.kreboot.schemas.signing;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.RebootCommand;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** Signs commands with the coordinator's Ed25519 private key. Thread-safe. */
public final class CommandSigner {
    private final PrivateKey key;
    private final String keyId;

    public CommandSigner(PrivateKey key, String keyId) {
        this.key = Objects.requireNonNull(key, "key");
        this.keyId = SigningKeys.requireKeyId(keyId);
        sign(new byte[0]); // fail at start-up, not on the first command, if the key is not Ed25519
    }

    /** The command with {@code signature} and {@code signingKeyId} filled in (a new record). */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> T sign(T command) {
        if (command instanceof DrainCommand d) {
            DrainCommand copy = DrainCommand.newBuilder(d).setSigningKeyId(keyId).setSignature(null).build();
            copy.setSignature(ByteBuffer.wrap(sign(CommandContent.of(copy))));
            return (T) copy;
        }
        if (command instanceof RebootCommand r) {
            RebootCommand copy = RebootCommand.newBuilder(r).setSigningKeyId(keyId).setSignature(null).build();
            copy.setSignature(ByteBuffer.wrap(sign(CommandContent.of(copy))));
            return (T) copy;
        }
        throw new IllegalArgumentException("only commands are signed, not " + command.getClass().getSimpleName());
    }

    public String keyId() {
        return keyId;
    }

    private byte[] sign(byte[] content) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(content);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the signing key cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }
}
