/** Test helpers: waiting on conditions with a deadline. */
package dev.kreboot.executor.testing;
