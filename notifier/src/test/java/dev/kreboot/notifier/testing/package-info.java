/**
 * Test support: a condition wait, a real HTTP webhook sink, event fixtures, a recording sleeper, and
 * the broker fixture of the Kafka tests.
 */
package dev.kreboot.notifier.testing;
