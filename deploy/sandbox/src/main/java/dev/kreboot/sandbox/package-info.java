/** The sandbox: a simulated cluster on a real broker, every service wired as plain objects, an invariant monitor. */
package dev.kreboot.sandbox;
