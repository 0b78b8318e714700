/** {@code kubectl kreboot}: the RebootPolicy's status read, spec.paused written, manual reboots and releases sent to the coordinator through the API server's service proxy. */
package dev.kreboot.kubectl;
