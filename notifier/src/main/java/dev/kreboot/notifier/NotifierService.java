package dev.kreboot.notifier;

import dev.kreboot.notifier.app.Notifier;
import dev.kreboot.notifier.app.Route;
import dev.kreboot.notifier.app.Sleeper;
import dev.kreboot.notifier.config.NotifierSettings;
import dev.kreboot.notifier.http.WebhookChannel;
import dev.kreboot.notifier.kafka.NotifierConsumer;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole notifier as plain objects, built from its settings: one webhook route per configured
 * URL ({@code webhook-1}, {@code webhook-2}, ... in the order given), the {@link Notifier} and its
 * {@link NotifierConsumer}. The Micronaut shell and the sandbox both start it through
 * {@link #start}.
 */
public final class NotifierService implements AutoCloseable {
    private final Notifier notifier;
    private final NotifierConsumer consumer;

    private NotifierService(Notifier notifier, NotifierConsumer consumer) {
        this.notifier = notifier;
        this.consumer = consumer;
    }

    public static NotifierService start(NotifierSettings settings, KafkaClients clients, MeterRegistry metrics,
                                        Clock clock) {
        Topics topics = settings.topics();
        if (settings.createTopics()) {
            // Only the topics the notifier touches: the command topic's partition count is not ours to choose.
            Set<String> ours = Set.of(topics.progress(), topics.decisions(), topics.dlq());
            TopicProvisioner.ensure(clients,
                    topics.specs(1).stream().filter(spec -> ours.contains(spec.name())).toList(), (short) 1);
        }
        Notifier notifier = new Notifier(webhookRoutes(settings), metrics, clock, settings.retryPolicy(),
                Sleeper.SYSTEM);
        NotifierConsumer consumer = new NotifierConsumer(clients, topics, settings.groupId(), notifier, metrics);
        return new NotifierService(notifier, consumer.start());
    }

    public static List<Route> webhookRoutes(NotifierSettings settings) {
        List<Route> routes = new ArrayList<>();
        int n = 0;
        for (URI url : settings.webhooks()) {
            routes.add(new Route("webhook-" + (++n), new WebhookChannel(url, Map.of(), settings.webhookTimeout()),
                    settings.events()));
        }
        return routes;
    }

    public Notifier notifier() {
        return notifier;
    }

    @Override
    public void close() {
        try {
            consumer.close();
        } finally {
            notifier.close();
        }
    }
}
