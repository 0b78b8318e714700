/** Typed, validated settings and the Micronaut shell that builds the plain objects from them. */
package dev.kreboot.notifier.config;
