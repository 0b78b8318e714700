package dev.kreboot.schemas.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys in the PEM files {@code openssl genpkey -algorithm ed25519 -out signing.pem} and
 * {@code openssl pkey -in signing.pem -pubout -out signing.pub.pem} write (PKCS#8 private,
 * X.509 SubjectPublicKeyInfo public), as mounted from a Kubernetes Secret.
 */
public final class SigningKeys {
    private SigningKeys() {
    }

    /** The file names in a mounted key directory (the Helm chart's Secret items). */
    public static final String PRIVATE_FILE = "private.pem";
    public static final String PUBLIC_FILE = "public.pem";

    /**
     * The signer for a coordinator: {@code private.pem} in {@code dir}, stamped with {@code keyId}.
     * Named keys: {@code kreboot.signing.key-dir}, {@code kreboot.signing.key-id}.
     */
    public static CommandSigner signerIn(Path dir, String keyId) {
        return new CommandSigner(readPrivate(dir.resolve(PRIVATE_FILE)), keyId);
    }

    /**
     * The keys an executor trusts: {@code public.pem} under {@code keyId}, plus every
     * {@code public-<id>.pem} under its own id (key rotation: ship the next key beside the current one).
     */
    public static CommandVerifier verifierIn(Path dir, String keyId) {
        java.util.Map<String, java.security.PublicKey> trusted = new java.util.HashMap<>();
        Path main = dir.resolve(PUBLIC_FILE);
        if (Files.exists(main)) {
            trusted.put(requireKeyId(keyId), readPublic(main));
        }
        try (var files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().matches("public-[A-Za-z0-9._-]{1,64}\\.pem"))
                    .forEach(f -> {
                        String name = f.getFileName().toString();
                        trusted.put(name.substring("public-".length(), name.length() - ".pem".length()), readPublic(f));
                    });
        } catch (IOException e) {
            throw new IllegalArgumentException("kreboot.signing.key-dir: cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("kreboot.signing.key-dir: " + dir + " holds no public.pem or public-<id>.pem");
        }
        return new CommandVerifier(trusted);
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    public static PrivateKey readPrivate(Path pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not an Ed25519 private key (PKCS#8 PEM): " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublic(Path pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not an Ed25519 public key (X.509 PEM): " + e.getMessage(), e);
        }
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    static String requireKeyId(String keyId) {
        if (keyId == null || !keyId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a signing key id must be 1-64 letters, digits, '.', '_' or '-', got: " + keyId);
        }
        return keyId;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(Path pem, String type) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + pem + ": " + e.getMessage(), e);
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(pem + " holds no '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(pem + " holds a damaged PEM block: " + e.getMessage(), e);
        }
    }
}
