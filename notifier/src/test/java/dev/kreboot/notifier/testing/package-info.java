/** Test support: a condition wait, a real HTTP webhook sink, event fixtures, a recording sleeper. */
package dev.kreboot.notifier.testing;
