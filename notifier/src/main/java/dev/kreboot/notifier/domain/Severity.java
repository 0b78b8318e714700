package dev.kreboot.notifier.domain;

/** How loud a notification should be; chat channels map it to a colour, webhooks pass it on. */
public enum Severity {
    INFO, WARNING, ERROR
}
