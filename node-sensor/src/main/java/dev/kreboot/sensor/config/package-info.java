/** Typed, validated settings and the Micronaut factory that builds the plain objects from them. */
package dev.kreboot.sensor.config;
