package dev.kreboot.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.executor.domain.ExecutorReason;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.signing.CommandSigner;
import dev.kreboot.schemas.signing.SigningKeys;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
    private final KeyPair coordinatorKey = SigningKeys.generate();
    private final SignatureVerifier verifier = new SignatureVerifier(
            new dev.kreboot.schemas.signing.CommandVerifier(Map.of("k1", coordinatorKey.getPublic())),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static DrainCommand drain(Instant expiresAt) {
        return DrainCommand.newBuilder().setHeader(new Events("c", "coordinator", "c-0").header("node-a", "r1", NOW))
                .setCommandSeq(3).setBootIdToLeave("boot-1").setExpiresAt(expiresAt).build();
    }

    @Test
    void actsOnlyOnCommandsTheCoordinatorSigned() {
        CommandSigner coordinator = new CommandSigner(coordinatorKey.getPrivate(), "k1");
        assertTrue(verifier.refusal(coordinator.sign(drain(null))).isEmpty());
        assertEquals(ExecutorReason.COMMAND_UNVERIFIED, verifier.refusal(drain(null)).orElseThrow().reason());
        CommandSigner forger = new CommandSigner(SigningKeys.generate().getPrivate(), "k1");
        var forged = verifier.refusal(forger.sign(drain(null))).orElseThrow();
        assertEquals(ExecutorReason.COMMAND_UNVERIFIED, forged.reason());
        assertTrue(forged.message().contains("BAD_SIGNATURE"), forged.message());
        assertEquals(ExecutorReason.COMMAND_EXPIRED,
                verifier.refusal(coordinator.sign(drain(NOW.minusSeconds(1)))).orElseThrow().reason());
    }
}
