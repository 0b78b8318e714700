package dev.kreboot.schemas.wire;

/** A message whose bytes cannot be turned into a kreboot record; it belongs in the DLQ. */
public final class UndecodableMessageException extends Exception {

    /** Why decoding failed; the name is the DLQ reason header and metric tag. */
    public enum Kind {
        EMPTY("no bytes (null or empty value)"),
        NOT_SINGLE_OBJECT("missing the Avro single-object marker C3 01"),
        UNKNOWN_SCHEMA("schema not in the contract (unknown fingerprint or registry id)"),
        CORRUPT_BODY("body does not match the writer schema"),
        /** Neither framing a reader accepts: single-object ({@code C3 01}) or schema registry ({@code 00}). */
        UNKNOWN_FORMAT("neither single-object (C3 01) nor schema-registry (00) framing");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Kind kind;

    public UndecodableMessageException(Kind kind, String detail, Throwable cause) {
        super(kind.text() + (detail == null ? "" : ": " + detail), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
