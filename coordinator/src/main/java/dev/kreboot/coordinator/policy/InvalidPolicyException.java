package dev.kreboot.coordinator.policy;

/**
 * A RebootPolicy spec that cannot be put in force. The message starts with the offending field's
 * path ({@code spec.budgets[1].schedule}), so the status condition and the log tell the author
 * exactly what to fix.
 */
public final class InvalidPolicyException extends IllegalArgumentException {
    private final String field;

    public InvalidPolicyException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public InvalidPolicyException(String field, String problem, Throwable cause) {
        super(field + " " + problem, cause);
        this.field = field;
    }

    /** The spec path of the offending field. */
    public String field() {
        return field;
    }
}
