package dev.kreboot.coordinator.config;

import dev.kreboot.schemas.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the deployed shell around the plain runtime: leader election, the HTTP API's token,
 * Kubernetes Events. Kept apart from {@link CoordinatorSettings} because the sandbox never needs them.
 *
 * @param apiToken empty: every write is refused (403), there is no default token
 */
public record ShellSettings(boolean leaderElection, String namespace, String leaseName, Duration leaseDuration,
                            Duration renewDeadline, Duration retryPeriod, String apiToken, boolean protectReads,
                            boolean nodeEvents) {
    public static final String LEADER_ELECTION = "kreboot.leader-election.enabled";
    public static final String NAMESPACE = "kreboot.leader-election.namespace";
    public static final String LEASE_NAME = "kreboot.leader-election.lease-name";
    public static final String LEASE_DURATION = "kreboot.leader-election.lease-duration";
    public static final String RENEW_DEADLINE = "kreboot.leader-election.renew-deadline";
    public static final String RETRY_PERIOD = "kreboot.leader-election.retry-period";
    public static final String API_TOKEN = "kreboot.api.token";
    public static final String API_TOKEN_FILE = "kreboot.api.token-file";
    public static final String PROTECT_READS = "kreboot.api.protect-reads";
    public static final String NODE_EVENTS = "kreboot.node-events";
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(LEADER_ELECTION, "false");
        d.put(NAMESPACE, System.getenv().getOrDefault("POD_NAMESPACE", "default"));
        d.put(LEASE_NAME, "kreboot-coordinator");
        // A dead leader is replaced after at most lease-duration + retry-period (+ the rebuild): under 15 s.
        d.put(LEASE_DURATION, "10s");
        d.put(RENEW_DEADLINE, "7s");
        d.put(RETRY_PERIOD, "2s");
        d.put(API_TOKEN, "");
        d.put(API_TOKEN_FILE, "");
        d.put(PROTECT_READS, "false");
        d.put(NODE_EVENTS, "false");
        return Map.copyOf(d);
    }

    public static ShellSettings from(Map<String, String> given) {
        Map<String, String> p = new LinkedHashMap<>(DEFAULTS);
        given.forEach((k, v) -> {
            if (v != null && DEFAULTS.containsKey(k)) {
                p.put(k, v);
            }
        });
        Duration lease = Durations.parse(LEASE_DURATION, p.get(LEASE_DURATION));
        Duration renew = Durations.parse(RENEW_DEADLINE, p.get(RENEW_DEADLINE));
        Duration retry = Durations.parse(RETRY_PERIOD, p.get(RETRY_PERIOD));
        if (!(lease.compareTo(renew) > 0 && renew.compareTo(retry) > 0 && !retry.isZero())) {
            throw new IllegalArgumentException(LEASE_DURATION + " > " + RENEW_DEADLINE + " > " + RETRY_PERIOD
                    + " > 0 must hold, got " + lease + ", " + renew + ", " + retry);
        }
        String name = p.get(LEASE_NAME).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(LEASE_NAME + " must not be empty");
        }
        return new ShellSettings(bool(p, LEADER_ELECTION), p.get(NAMESPACE).strip(), name, lease, renew, retry,
                token(p), bool(p, PROTECT_READS), bool(p, NODE_EVENTS));
    }

    private static String token(Map<String, String> p) {
        String file = p.get(API_TOKEN_FILE).strip();
        if (file.isEmpty()) {
            return p.get(API_TOKEN).strip();
        }
        try {
            String token = Files.readString(Path.of(file)).strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException(API_TOKEN_FILE + " names an empty file: " + file);
            }
            return token;
        } catch (IOException e) {
            throw new IllegalArgumentException(API_TOKEN_FILE + " cannot be read: " + file + " (" + e + ")", e);
        }
    }

    private static boolean bool(Map<String, String> p, String key) {
        String value = p.get(key).strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    @Override
    public String toString() {
        return "leaderElection=" + leaderElection + " lease=" + namespace + "/" + leaseName + " (" + leaseDuration
                + "/" + renewDeadline + "/" + retryPeriod + ") apiToken=" + (apiToken.isEmpty() ? "none" : "***")
                + " protectReads=" + protectReads + " nodeEvents=" + nodeEvents;
    }
}
