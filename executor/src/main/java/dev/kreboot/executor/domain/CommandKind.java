package dev.kreboot.executor.domain;

/** The two desired states the coordinator can ask of a node. */
public enum CommandKind {
    /** Cordon the node and evict its pods. */
    DRAIN,
    /** Reboot the (drained) node, then verify and restore it. */
    REBOOT
}
