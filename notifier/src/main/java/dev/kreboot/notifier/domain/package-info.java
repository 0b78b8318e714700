/** Pure notification logic: what an event says (type, text, severity, templates), which routes want it, the Slack, Teams and Grafana payloads, destination URLs (shoutrrr forms), how long to wait before a retry. */
package dev.kreboot.notifier.domain;
