/** The executor's use case: carry out this node's commands through ports (cluster, host, progress sink). */
package dev.kreboot.executor.app;
