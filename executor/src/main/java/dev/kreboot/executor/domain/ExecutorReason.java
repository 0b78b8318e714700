package dev.kreboot.executor.domain;

/**
 * Why the executor did, or could not do, something. The code ({@link #name()}) and the text are
 * reused in log lines, metric tags and progress events.
 */
public enum ExecutorReason {
    COMMAND_EXPIRED("the command expired before the executor could act on it"),
    NODE_NOT_FOUND("the node does not exist in the cluster"),
    EVICTION_BLOCKED("the eviction was refused (HTTP 429), usually by a PodDisruptionBudget"),
    EVICTION_ERROR("the eviction request failed"),
    POD_TERMINATING("the pod is still terminating"),
    POD_NOT_EVICTED_YET("the pod has not been evicted yet"),
    DRAIN_TIMEOUT("the drain did not finish within the drain timeout"),
    NODE_NOT_READY("the node did not become Ready within the ready timeout after the reboot"),
    REBOOT_FAILED("the reboot command failed"),
    ADMIN_CORDON_KEPT("an administrator had cordoned the node before kreboot; it stays cordoned"),
    POD_WITHOUT_CONTROLLER("the pod has no controller and kreboot.executor.delete-pods-without-controller is false"),
    POD_WITH_EMPTYDIR_DATA("the pod has emptyDir data and kreboot.executor.delete-emptydir-data is false"),
    DRAIN_REFUSED("the drain policy forbids evicting pods on the node"),
    FORCED_REBOOT("the drain failed; the node is rebooted anyway because kreboot.executor.force-reboot is on"),
    REBOOT_TIMEOUT("the host did not go down within the reboot timeout after the reboot was requested"),
    UNCORDON_FAILED("the node could not be handed back (uncordoned, marks removed) yet; the executor keeps trying"),
    COMMAND_UNVERIFIED("the command's signature could not be verified");

    private final String text;

    ExecutorReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public Finding because(String detail) {
        return new Finding(this, detail);
    }

    public Finding finding() {
        return new Finding(this, null);
    }
}
