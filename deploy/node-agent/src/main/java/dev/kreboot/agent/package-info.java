/**
 * The node agent: one plain-Java process per node hosting the node-sensor and executor cores,
 * without Micronaut, so a node carries one JVM's classes instead of two frameworks' worth.
 */
package dev.kreboot.agent;
