/** HTTP adapters: the Prometheus blocker and health query over java.net.http. */
package dev.kreboot.coordinator.http;
