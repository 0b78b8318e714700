/** HTTP channels: POST a rendered notification and classify the answer as delivered, retryable or permanent. */
package dev.kreboot.notifier.http;
