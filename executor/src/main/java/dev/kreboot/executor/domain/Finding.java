package dev.kreboot.executor.domain;

import java.util.Objects;

/** A reason plus the particulars of this case (which pod, what the server said). */
public record Finding(ExecutorReason reason, String detail) {
    public Finding {
        Objects.requireNonNull(reason, "reason");
    }

    public String message() {
        return detail == null || detail.isBlank() ? reason.text() : reason.text() + ": " + detail;
    }
}
