/** The coordinator's typed, validated settings. */
package dev.kreboot.coordinator.config;
