/** Pure notification logic: what an event says (type, text, severity), which routes want it, how long to wait before a retry. */
package dev.kreboot.notifier.domain;
