/** The executor's pure decisions: what a command means for this node's state, which pods to evict, how the Node changes. */
package dev.kreboot.executor.domain;
