/** Real Kafka brokers for tests and the sandbox: in-JVM KRaft, or Testcontainers where Docker runs. */
package dev.kreboot.schemas.testing;
