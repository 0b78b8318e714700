package dev.kreboot.coordinator.domain;

/** Why a node that needs a reboot is not granted a slot now; the text is shown to people as is. */
public enum BlockReason {
    BUDGET_EXHAUSTED("all reboot slots are in use");

    private final String text;

    BlockReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
