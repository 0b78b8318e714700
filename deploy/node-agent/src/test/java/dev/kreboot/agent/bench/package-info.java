/** The node footprint benchmark: what the node side costs, written to a file (never asserted on time). */
package dev.kreboot.agent.bench;
