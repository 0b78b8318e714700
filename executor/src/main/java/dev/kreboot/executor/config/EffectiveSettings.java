package dev.kreboot.executor.config;

import static dev.kreboot.executor.config.ExecutorSettings.*;

import dev.kreboot.schemas.config.Durations;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one start-up log line's content: every key with the value in force, written so it parses back
 * (durations in ISO-8601) and with kured's special values spelled out ({@code 0 (forever)}).
 * Nothing the executor is told is secret, so nothing is masked.
 */
final class EffectiveSettings {
    private EffectiveSettings() {
    }

    static Map<String, String> of(ExecutorSettings s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NODE_NAME, s.nodeName());
        m.put(CLUSTER, s.cluster());
        m.put(INSTANCE, s.instance());
        m.put(TOPIC_PREFIX, s.topicPrefix());
        m.put(BOOTSTRAP_SERVERS, String.valueOf(s.kafkaBootstrapServers()));
        m.put(CREATE_TOPICS, Boolean.toString(s.createTopics()));
        m.put(COMMAND_PARTITIONS, Integer.toString(s.commandPartitions()));
        m.put(DRAIN_TIMEOUT, s.drainWaitsForever() ? "0 (forever)" : Durations.format(s.drainTimeout()));
        m.put(DRAIN_GRACE_PERIOD, Integer.toString(s.drainGracePeriodSeconds()));
        m.put(EVICTION_RETRY_INTERVAL, Durations.format(s.evictionRetryInterval()));
        m.put(READY_TIMEOUT, Durations.format(s.readyTimeout()));
        m.put(POLL_INTERVAL, Durations.format(s.pollInterval()));
        m.put(REBOOT_COMMAND, s.rebootCommand());
        m.put(NSENTER_PREFIX, s.nsenterPrefix());
        m.put(BOOT_ID_FILE, s.bootIdFile().toString());
        m.put(POD_FIELD_SELECTOR, Boolean.toString(s.podFieldSelector()));
        m.put(KUBERNETES_MASTER_URL, s.kubernetesMasterUrl() == null ? "(auto-configured)" : s.kubernetesMasterUrl());
        m.put(DRAIN_DELAY, Durations.format(s.drainDelay()));
        m.put(DRAIN_POD_SELECTOR, s.drainPodSelector().selectsEverything() ? "(every pod)" : s.drainPodSelector().toString());
        m.put(SKIP_WAIT_FOR_DELETE_TIMEOUT, s.skipWaitForDeleteTimeout().isZero() ? "0 (wait for every pod)"
                : Durations.format(s.skipWaitForDeleteTimeout()));
        m.put(DELETE_EMPTYDIR_DATA, Boolean.toString(s.deleteEmptyDirData()));
        m.put(DELETE_PODS_WITHOUT_CONTROLLER, Boolean.toString(s.deletePodsWithoutController()));
        m.put(FORCE_REBOOT, Boolean.toString(s.forceReboot()));
        m.put(PRE_REBOOT_NODE_LABELS, labels(s.preRebootNodeLabels()));
        m.put(POST_REBOOT_NODE_LABELS, labels(s.postRebootNodeLabels()));
        m.put(ANNOTATE_NODES, Boolean.toString(s.annotateNodes()));
        m.put(PREFER_NO_SCHEDULE_TAINT, s.preferNoScheduleTaint().isEmpty() ? "(off)" : s.preferNoScheduleTaint());
        m.put(REBOOT_DELAY, Durations.format(s.rebootDelay()));
        m.put(REBOOT_METHOD, s.rebootMethod().name().toLowerCase(Locale.ROOT));
        m.put(REBOOT_SIGNAL, Integer.toString(s.rebootSignal()));
        m.put(REBOOT_TIMEOUT, Durations.format(s.rebootTimeout()));
        m.put(NODE_EVENTS, Boolean.toString(s.nodeEvents()));
        m.put(API_RETRIES, Integer.toString(s.apiRetries()));
        m.put(API_RETRY_BACKOFF, Durations.format(s.apiRetryBackoff()));
        return m;
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "(none)";
        }
        StringBuilder text = new StringBuilder();
        labels.forEach((k, v) -> text.append(text.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return text.toString();
    }
}
