/** The executor's typed, validated settings, built from a flat {@code kreboot.*} map. */
package dev.kreboot.executor.config;
