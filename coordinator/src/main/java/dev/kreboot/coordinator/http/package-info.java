/** HTTP adapters: the Prometheus blocker and health query over java.net.http, and the operator API (Micronaut). */
package dev.kreboot.coordinator.http;
