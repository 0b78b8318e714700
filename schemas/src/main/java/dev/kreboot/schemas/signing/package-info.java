/** Ed25519 signatures on commands: the coordinator signs, executors verify (invariant 6, authentic commands). */
package dev.kreboot.schemas.signing;
