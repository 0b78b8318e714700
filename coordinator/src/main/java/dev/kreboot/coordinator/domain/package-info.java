/** The coordinator's pure decision logic: per-node state machine and slot policy; no I/O, time is passed in. */
package dev.kreboot.coordinator.domain;
