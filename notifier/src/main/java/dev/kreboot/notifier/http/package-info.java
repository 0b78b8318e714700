/** HTTP channels (generic webhook, Slack webhook and bot, Teams, Grafana annotations): send a rendered notification and classify the answer as delivered, retryable or permanent. */
package dev.kreboot.notifier.http;
