package dev.kreboot.coordinator.kubernetes;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

/** Reads of the coordinator's API as the policy ITs make them. */
final class ApiReads {
    private ApiReads() {
    }

    /** The body of {@code GET path}; an error's body too (a standby's 503, an unknown node's 404), so tests can wait on it. */
    static String get(HttpClient http, String path) {
        try {
            return http.toBlocking().retrieve(HttpRequest.GET(path));
        } catch (HttpClientResponseException e) {
            return e.getResponse().getBody(String.class).orElse("");
        }
    }
}
