/**
 * Test fixtures every module shares through the schemas test-jar: real Kafka brokers (in-JVM KRaft,
 * or Testcontainers where Docker runs; {@link dev.kreboot.schemas.testing.TestBroker}), an Apicurio
 * registry, fabric8's API server with eviction ({@link dev.kreboot.schemas.testing.MockApi}), seeded
 * property checks, checks of a packaged service, a refused start-up naming its key
 * ({@link dev.kreboot.schemas.testing.StartupRefusal}), a node's status written to a running
 * coordinator ({@link dev.kreboot.schemas.testing.StatusReports}) and a topic's committed records
 * ({@link dev.kreboot.schemas.testing.TopicContents}).
 */
package dev.kreboot.schemas.testing;
