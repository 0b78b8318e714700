/** The notifier service: fans reboot progress and coordinator decisions out to webhooks. */
package dev.kreboot.notifier;
