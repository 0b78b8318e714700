package dev.kreboot.coordinator.http;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;

/**
 * What every write of the API carries besides its target: the credentials, in {@code
 * Authorization} or in {@link ApiAuth#TOKEN_HEADER} (for the Kubernetes service proxy), and the
 * operator's {@code by} and {@code comment}, recorded on the Control record.
 */
@Introspected
public record WriteRequest(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                           @Nullable @Header(ApiAuth.TOKEN_HEADER) String token,
                           @Nullable @QueryValue String by,
                           @Nullable @QueryValue String comment) {

    /** The credentials to check: {@code Authorization} when given, else the token header as a bearer token. */
    String credentials() {
        return ApiAuth.credentials(authorization, token);
    }

    /** Who asked: {@code by}, or {@code api} when the caller gave no name. */
    String requestedBy() {
        return by == null || by.isBlank() ? "api" : by;
    }
}
