/** fabric8 adapter: the executor's Node and Pod operations against the Kubernetes API, each call timed. */
package dev.kreboot.executor.kubernetes;
