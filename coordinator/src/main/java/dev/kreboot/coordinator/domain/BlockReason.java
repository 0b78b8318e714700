package dev.kreboot.coordinator.domain;

/**
 * Why a node is not progressing now; the text is shown to people as is, the name is the stable
 * code on the wire ({@code Reason.code}), in metric tags and in {@link Explanation}s.
 */
public enum BlockReason {
    BUDGET_EXHAUSTED("all reboot slots are in use"),
    GROUP_BUDGET_EXHAUSTED("all reboot slots of the node's group are in use"),
    CANARY_IN_PROGRESS("the first node of the rollout reboots alone until it is done"),
    OUTSIDE_WINDOW("outside the reboot window"),
    WINDOW_CLOSING("the reboot window closes before a drain could plausibly finish"),
    PAUSED("reboots are paused by an operator"),
    POLICY_PAUSED("reboots are paused by the RebootPolicy (spec.paused)"),
    AUTO_PAUSED("reboots are paused after too many consecutive failures; resume to continue"),
    ALERTS_ACTIVE("Prometheus alerts are active"),
    PROMETHEUS_UNAVAILABLE("Prometheus could not be queried (failing closed)"),
    BLOCKING_PODS("pods matching a blocking pod selector run on the node"),
    KUBERNETES_UNAVAILABLE("the Kubernetes API could not be queried (failing closed)"),
    TOO_MANY_NOT_READY("too many nodes are NotReady"),
    BLOCKERS_NOT_EVALUATED("blockers have not been evaluated recently (failing closed)"),
    NODE_DELETED("the node object is gone"),
    DRY_RUN("dry run: a slot would be granted now, no command is sent"),
    FAILED_IN_THIS_BOOT("the last attempt failed in this boot; a new boot or an operator must retry"),
    AWAITING_DRAIN("waiting for the executor to drain the node"),
    AWAITING_REBOOT("waiting for the node to reboot and come back"),
    AWAITING_READY("waiting for the node to be back and Ready"),
    SOAKING("the node is back; soaking before the slot frees"),
    HEALTH_QUERY_NOT_EMPTY("the health query after the reboot is not empty yet"),
    STUCK("past its phase deadline; keeps its slot until it progresses, is deleted or an operator releases it"),
    NOT_REQUIRED("no reboot is required");

    private final String text;

    BlockReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
