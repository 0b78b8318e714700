/** The executor service's Micronaut shell: builds the plain objects from configuration and runs them. */
package dev.kreboot.executor;
