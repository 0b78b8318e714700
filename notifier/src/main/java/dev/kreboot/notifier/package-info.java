/** The notifier service: fans reboot progress and coordinator decisions out to Slack, Teams, generic webhooks and Grafana annotations. */
package dev.kreboot.notifier;
