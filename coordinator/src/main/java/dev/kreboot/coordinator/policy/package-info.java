/** The RebootPolicy resource's spec mapped onto the domain {@code Policy}, with every check the CRD schema cannot make; pure. */
package dev.kreboot.coordinator.policy;
