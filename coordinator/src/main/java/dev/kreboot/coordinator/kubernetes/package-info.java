/** Kubernetes adapters over fabric8: blocking pod selectors and Node facts. */
package dev.kreboot.coordinator.kubernetes;
