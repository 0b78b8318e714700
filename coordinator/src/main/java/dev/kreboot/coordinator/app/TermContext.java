package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.domain.Coordinator;
import dev.kreboot.coordinator.kafka.RecordMapping;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What outlives a {@link Term}: built once by {@link CoordinatorRuntime}, handed to each term. A term
 * gets a fresh {@link Coordinator} and a fresh {@link TransactionalPublisher} from the two factories;
 * the views, meters, feed and pushed Node changes stay, so the HTTP API and the gauges never see a
 * gap between terms.
 */
record TermContext(CoordinatorSettings settings, KafkaClients clients, Topics topics, RecordMapping mapping,
                   Clock clock, Leadership leadership, PublishedViews views,
                   RuntimeMeters meters, InputFeed feed, PushedNodeChanges pushed, PolicyInForce policies,
                   Supplier<Coordinator> coordinators, Supplier<TransactionalPublisher> publishers,
                   BooleanSupplier running) {
}
