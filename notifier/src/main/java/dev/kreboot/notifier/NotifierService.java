package dev.kreboot.notifier;

import dev.kreboot.notifier.app.Channel;
import dev.kreboot.notifier.app.DeadLetterSink;
import dev.kreboot.notifier.app.InMemoryNotifierState;
import dev.kreboot.notifier.app.Notifier;
import dev.kreboot.notifier.app.NotifierState;
import dev.kreboot.notifier.app.RateLimitedChannel;
import dev.kreboot.notifier.app.Route;
import dev.kreboot.notifier.app.Sleeper;
import dev.kreboot.notifier.config.NotifierSettings;
import dev.kreboot.notifier.config.RouteSettings;
import dev.kreboot.notifier.domain.Destination;
import dev.kreboot.notifier.http.GrafanaChannel;
import dev.kreboot.notifier.http.SlackBotChannel;
import dev.kreboot.notifier.http.WebhookChannel;
import dev.kreboot.notifier.kafka.KafkaDeadLetterSink;
import dev.kreboot.notifier.kafka.KafkaNotifierState;
import dev.kreboot.notifier.kafka.NotifierConsumer;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.wire.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The whole notifier as plain objects, built from its settings:
 * <ol>
 *   <li>the durable state ({@link KafkaNotifierState} on {@code kreboot.notifier-state}, read to its
 *       end first) unless {@code kreboot.notifier.durable-state=false};</li>
 *   <li>one route per configured destination: {@code webhook-1}, ... from the plain list, then the
 *       named routes and kured's, each with the channel its URL names (Slack webhook or bot, Teams,
 *       generic webhook, Grafana); Slack routes are rate limited;</li>
 *   <li>the {@link Notifier}, parking refused events on {@code kreboot.dlq};</li>
 *   <li>its {@link NotifierConsumer}.</li>
 * </ol>
 * The Micronaut shell ({@code NotifierFactory}) starts it through {@link #start}; the sandbox builds
 * its {@link Notifier} directly over in-JVM channels ({@code SandboxServices}).
 */
public final class NotifierService implements AutoCloseable {
    private final Notifier notifier;
    private final NotifierConsumer consumer;
    private final List<AutoCloseable> owned;

    private NotifierService(Notifier notifier, NotifierConsumer consumer, List<AutoCloseable> owned) {
        this.notifier = notifier;
        this.consumer = consumer;
        this.owned = owned;
    }

    /**
     * @param format the service's one wire format ({@code WireFormats.create(WireSettings.from(...))}),
     *     shared by the consumer and the dead-letter sink
     */
    public static NotifierService start(NotifierSettings settings, KafkaClients clients, MeterRegistry metrics,
                                        Clock clock, WireFormat format) {
        Topics topics = settings.topics();
        if (settings.createTopics()) {
            // Only the topics the notifier touches: the command topic's partition count is not ours to choose.
            Set<String> ours = Set.of(topics.progress(), topics.decisions(), topics.dlq());
            List<Topics.Spec> specs = new ArrayList<>(
                    topics.specs(1).stream().filter(spec -> ours.contains(spec.name())).toList());
            if (settings.durableState()) {
                specs.add(KafkaNotifierState.spec(settings.stateTopic(), KafkaNotifierState.DEFAULT_RETENTION));
            }
            TopicProvisioner.ensure(clients, specs, (short) 1);
        }
        List<AutoCloseable> owned = new ArrayList<>();
        NotifierState state;
        if (settings.durableState()) {
            KafkaNotifierState durable = new KafkaNotifierState(clients, settings.stateTopic(), Duration.ofSeconds(60));
            owned.add(durable);
            state = durable;
        } else {
            state = new InMemoryNotifierState();
        }
        KafkaProducer<String, byte[]> dlqProducer = clients.producer("kreboot-notifier-dlq-" + settings.instance());
        owned.add(() -> dlqProducer.close(Duration.ofSeconds(5)));
        DeadLetterSink deadLetters = new KafkaDeadLetterSink(dlqProducer, format, topics.dlq());
        Notifier notifier = new Notifier(routes(settings, state, clock, Sleeper.SYSTEM), metrics, clock,
                settings.retryPolicy(), Sleeper.SYSTEM, state, deadLetters, () -> ThreadLocalRandom.current().nextDouble());
        NotifierConsumer consumer = new NotifierConsumer(clients, topics, settings.groupId(), notifier, metrics,
                dlqProducer, NotifierConsumer.DEFAULT_MAX_PENDING, format);
        return new NotifierService(notifier, consumer.start(), owned);
    }

    /** Every configured route: the plain webhook list first, then named and kured routes. */
    public static List<Route> routes(NotifierSettings settings, NotifierState state, Clock clock, Sleeper sleeper) {
        List<Route> routes = new ArrayList<>(webhookRoutes(settings));
        for (RouteSettings route : settings.routes()) {
            routes.add(new Route(route.name(), channel(route, settings.webhookTimeout(), state, clock, sleeper),
                    route.filter(), route.templates()));
        }
        return routes;
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

    /** The channel a route's destination calls for, rate limited when the route says so. */
    public static Channel channel(RouteSettings route, Duration timeout, NotifierState state, Clock clock,
                                  Sleeper sleeper) {
        Channel channel;
        Destination d = route.destination();
        if (d instanceof Destination.SlackWebhook hook) {
            channel = WebhookChannel.slack(hook.url(), hook.username(), hook.channel(), timeout);
        } else if (d instanceof Destination.SlackBot bot) {
            channel = new SlackBotChannel(route.slackApi(), bot.token(), bot.channel(), bot.username(), state,
                    route.name(), timeout);
        } else if (d instanceof Destination.Teams teams) {
            channel = WebhookChannel.teams(teams.url(), timeout);
        } else if (d instanceof Destination.Grafana grafana) {
            channel = new GrafanaChannel(grafana.baseUrl(), grafana.token(), route.grafanaTags(), route.dashboardUid(),
                    state, route.name(), timeout);
        } else {
            Destination.Generic generic = (Destination.Generic) d;
            channel = WebhookChannel.generic(generic.url(), generic.headers(), timeout);
        }
        return route.minInterval().isZero() ? channel : new RateLimitedChannel(channel, route.minInterval(), clock, sleeper);
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
            for (AutoCloseable resource : owned) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // Closing on shutdown: nothing left to protect.
                }
            }
        }
    }
}
