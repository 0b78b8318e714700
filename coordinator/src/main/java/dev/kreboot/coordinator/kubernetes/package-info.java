/** Kubernetes adapters over fabric8: blocking pod selectors, Node facts, the leader Lease and Node Events. */
package dev.kreboot.coordinator.kubernetes;
