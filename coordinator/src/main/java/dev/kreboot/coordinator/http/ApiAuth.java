package dev.kreboot.coordinator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Bearer-token check of the HTTP API: writes always need the token, reads only with
 * {@code protectReads}. No configured token means no write is allowed at all (fail closed).
 */
public final class ApiAuth {
    /** Why a request is refused: 401 (no or malformed credentials) or 403 (wrong token, or none configured). */
    public record Denial(int status, String error, String message) {
    }

    /**
     * The token in a header of its own, for requests that come through the Kubernetes API
     * server's service proxy ({@code kubectl kreboot reboot|release}, and {@code why} for a node
     * the RebootPolicy status leaves out): the API server consumes
     * and removes {@code Authorization} once it has authenticated the caller, so a bearer token
     * meant for the coordinator would never arrive.
     */
    public static final String TOKEN_HEADER = "X-Kreboot-Token";

    private final byte[] token;
    private final boolean protectReads;

    public ApiAuth(String token, boolean protectReads) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.protectReads = protectReads;
    }

    /** {@code Authorization} when sent, else the {@link #TOKEN_HEADER} value as a bearer credential. */
    public static String credentials(String authorization, String tokenHeader) {
        if (authorization != null || tokenHeader == null) {
            return authorization;
        }
        return "Bearer " + tokenHeader;
    }

    public Optional<Denial> check(String authorization, boolean write) {
        if (!write && !protectReads) {
            return Optional.empty();
        }
        if (token.length == 0) {
            return Optional.of(new Denial(403, "forbidden",
                    "no API token is configured (kreboot.api.token or kreboot.api.token-file): the API is read-only"));
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(new Denial(401, "unauthorized", "send 'Authorization: Bearer <token>'"));
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time: the comparison must not tell how much of a guess was right.
        if (!MessageDigest.isEqual(given, token)) {
            return Optional.of(new Denial(403, "forbidden", "the bearer token is not valid"));
        }
        return Optional.empty();
    }
}
