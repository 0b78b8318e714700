package dev.kreboot.schemas.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.Samples;
import dev.kreboot.schemas.signing.CommandVerifier.Outcome;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandSignaturesTest {
    private static final Instant NOW = Samples.AT;
    private final KeyPair coordinator = SigningKeys.generate();
    private final CommandSigner signer = new CommandSigner(coordinator.getPrivate(), "k1");
    private final CommandVerifier verifier = new CommandVerifier(Map.of("k1", coordinator.getPublic()));

    private static DrainCommand drain() {
        return DrainCommand.newBuilder().setHeader(Samples.header("node-1", "r-1")).setCommandSeq(7)
                .setBootIdToLeave("boot-1").setExpiresAt(NOW.plusSeconds(600)).build();
    }

    @Test
    void aSignedCommandVerifiesAfterTheWire() throws Exception {
        DrainCommand signed = signer.sign(drain());
        assertEquals("k1", signed.getSigningKeyId());
        var format = new SingleObjectWireFormat();
        DrainCommand received = (DrainCommand) format.decode(format.encode(signed));
        assertEquals(Outcome.VALID, verifier.verify(received, NOW));
    }

    @Test
    void anAlteredCommandIsRefused() {
        DrainCommand signed = signer.sign(drain());
        DrainCommand otherNode = DrainCommand.newBuilder(signed)
                .setHeader(Samples.header("node-2", "r-1")).build();
        assertEquals(Outcome.BAD_SIGNATURE, verifier.verify(otherNode, NOW));
        DrainCommand higherSeq = DrainCommand.newBuilder(signed).setCommandSeq(8).build();
        assertEquals(Outcome.BAD_SIGNATURE, verifier.verify(higherSeq, NOW));
        DrainCommand otherBoot = DrainCommand.newBuilder(signed).setBootIdToLeave("boot-2").build();
        assertEquals(Outcome.BAD_SIGNATURE, verifier.verify(otherBoot, NOW));
    }

    @Test
    void aDrainSignatureDoesNotMakeARebootValid() {
        DrainCommand signed = signer.sign(drain());
        RebootCommand forged = RebootCommand.newBuilder().setHeader(signed.getHeader()).setCommandSeq(signed.getCommandSeq())
                .setBootIdToLeave(signed.getBootIdToLeave()).setExpiresAt(signed.getExpiresAt())
                .setSignature(signed.getSignature()).setSigningKeyId("k1").build();
        assertEquals(Outcome.BAD_SIGNATURE, verifier.verify(forged, NOW));
    }

    @Test
    void refusesUnsignedForeignAndExpiredCommands() {
        assertEquals(Outcome.UNSIGNED, verifier.verify(drain(), NOW));
        CommandSigner attacker = new CommandSigner(SigningKeys.generate().getPrivate(), "k1");
        assertEquals(Outcome.BAD_SIGNATURE, verifier.verify(attacker.sign(drain()), NOW));
        CommandSigner unknown = new CommandSigner(SigningKeys.generate().getPrivate(), "k9");
        assertEquals(Outcome.UNKNOWN_KEY, verifier.verify(unknown.sign(drain()), NOW));
        assertEquals(Outcome.EXPIRED, verifier.verify(signer.sign(drain()), NOW.plusSeconds(600)));
        DrainCommand garbage = DrainCommand.newBuilder(signer.sign(drain()))
                .setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();
        assertEquals(Outcome.BAD_SIGNATURE, verifier.verify(garbage, NOW));
    }

    @Test
    void rotationTrustsOldAndNewKeysAtOnce() {
        KeyPair next = SigningKeys.generate();
        CommandVerifier both = new CommandVerifier(Map.of("k1", coordinator.getPublic(), "k2", next.getPublic()));
        assertEquals(Outcome.VALID, both.verify(signer.sign(drain()), NOW));
        assertEquals(Outcome.VALID, both.verify(new CommandSigner(next.getPrivate(), "k2").sign(drain()), NOW));
    }

    @Test
    void readsThePemFilesOpensslWrites(@TempDir Path dir) throws Exception {
        Path privatePem = Files.writeString(dir.resolve("signing.pem"), SigningKeys.pem(coordinator.getPrivate()));
        Path publicPem = Files.writeString(dir.resolve("signing.pub.pem"), SigningKeys.pem(coordinator.getPublic()));
        CommandSigner fromFile = new CommandSigner(SigningKeys.readPrivate(privatePem), "k1");
        CommandVerifier fromPublicFile = new CommandVerifier(Map.of("k1", SigningKeys.readPublic(publicPem)));
        assertEquals(Outcome.VALID, fromPublicFile.verify(fromFile.sign(drain()), NOW));
        Path broken = Files.writeString(dir.resolve("broken.pem"), "not a key");
        var e = assertThrows(IllegalArgumentException.class, () -> SigningKeys.readPublic(broken));
        assertTrue(e.getMessage().contains("broken.pem"), e.getMessage());
    }

    @Test
    void aMountedKeyDirectoryGivesTheSignerAndTheTrustedKeys(@TempDir Path dir) throws Exception {
        KeyPair next = SigningKeys.generate();
        Files.writeString(dir.resolve(SigningKeys.PRIVATE_FILE), SigningKeys.pem(coordinator.getPrivate()));
        Files.writeString(dir.resolve(SigningKeys.PUBLIC_FILE), SigningKeys.pem(coordinator.getPublic()));
        Files.writeString(dir.resolve("public-k2.pem"), SigningKeys.pem(next.getPublic()));
        CommandVerifier trusted = SigningKeys.verifierIn(dir, "k1");
        assertEquals(Outcome.VALID, trusted.verify(SigningKeys.signerIn(dir, "k1").sign(drain()), NOW));
        assertEquals(Outcome.VALID, trusted.verify(new CommandSigner(next.getPrivate(), "k2").sign(drain()), NOW));
    }

    @Test
    void anEmptyKeyDirectoryIsRefusedNamingTheSetting(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class, () -> SigningKeys.verifierIn(dir, "k1"));
        assertTrue(e.getMessage().contains("kreboot.signing.key-dir"), e.getMessage());
    }

    @Test
    void rejectsAKeyIdThatCannotTravel() {
        assertThrows(IllegalArgumentException.class, () -> new CommandSigner(coordinator.getPrivate(), "bad id/1"));
    }
}
