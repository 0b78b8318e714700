/** kreboot coordinator: the one decision-maker that grants reboot slots and publishes commands. */
package dev.kreboot.coordinator;
