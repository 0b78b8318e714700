package dev.kreboot.schemas;

/**
 * The {@code RebootPolicy} custom resource: its API coordinates and the status fields the
 * coordinator writes and the kubectl plugin reads. The CRD itself (with its OpenAPI schema) is
 * {@code deploy/helm/kreboot/files/rebootpolicies.kreboot.dev.yaml}.
 *
 * <table>
 * <caption>Who writes what</caption>
 * <tr><th>part</th><th>written by</th><th>read by</th></tr>
 * <tr><td>{@code spec}</td><td>people, GitOps, {@code kubectl kreboot pause|resume} ({@code spec.paused})</td>
 * <td>coordinator (every replica watches it)</td></tr>
 * <tr><td>{@code status}</td><td>the leading coordinator only, through the status subresource</td>
 * <td>{@code kubectl get rebootpolicy}, {@code kubectl kreboot status|why}</td></tr>
 * </table>
 */
public final class RebootPolicies {
    public static final String GROUP = "kreboot.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "RebootPolicy";
    public static final String PLURAL = "rebootpolicies";
    public static final String SINGULAR = "rebootpolicy";
    /** The policy the chart's coordinator watches unless told otherwise. */
    public static final String DEFAULT_NAME = "default";

    /** Condition types in {@code status.conditions}. */
    public static final String READY = "Ready";
    public static final String PAUSED = "Paused";
    public static final String DEGRADED = "Degraded";

    private RebootPolicies() {
    }
}
