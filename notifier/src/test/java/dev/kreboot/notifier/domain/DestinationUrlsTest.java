package dev.kreboot.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestinationUrlsTest {
    private static final String HOOK = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/s3cr3tAbCdEf0123456789xy";

    @Test
    void slackHookFormBecomesTheIncomingWebhook() {
        assertEquals(new Destination.SlackWebhook(URI.create(HOOK), null, null),
                DestinationUrls.parse("slack://hook:T0123ABCD-B0456EFGH-s3cr3tAbCdEf0123456789xy@webhook"));
        assertEquals(new Destination.SlackWebhook(URI.create(HOOK), "kreboot", "#ops"),
                DestinationUrls.parse("slack://hook:T0123ABCD-B0456EFGH-s3cr3tAbCdEf0123456789xy@webhook"
                        + "?channel=%23ops&botname=kreboot&color=good"));
    }

    @Test
    void legacySlackTokenPathBecomesTheSameWebhookWithItsBotName() {
        assertEquals(new Destination.SlackWebhook(URI.create(HOOK), null, null),
                DestinationUrls.parse("slack://T0123ABCD/B0456EFGH/s3cr3tAbCdEf0123456789xy"));
        assertEquals(new Destination.SlackWebhook(URI.create(HOOK), "kured", null),
                DestinationUrls.parse("slack://kured@T0123ABCD/B0456EFGH/s3cr3tAbCdEf0123456789xy"));
    }

    @Test
    void slackBotTokenFormPostsToTheChannelWithTheToken() {
        assertEquals(new Destination.SlackBot("xoxb-123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N", "C001CH4NN3L",
                        null),
                DestinationUrls.parse("slack://xoxb:123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N@C001CH4NN3L"));
        assertEquals(new Destination.SlackBot("xoxb-abc", "C001", "kreboot"),
                DestinationUrls.parse("slack://xoxb:abc@C001?botname=kreboot"));
    }

    @Test
    void teamsOlderFormsBecomeOffice365WebhookUrls() {
        assertEquals(new Destination.Teams(URI.create("https://acme.webhook.office.com/webhookb2/"
                        + "11111111-2222-3333-4444-555555555555@66666666-7777-8888-9999-000000000000/IncomingWebhook/"
                        + "abcdef0123456789abcdef0123456789/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")),
                DestinationUrls.parse("teams://11111111-2222-3333-4444-555555555555@66666666-7777-8888-9999-000000000000/"
                        + "abcdef0123456789abcdef0123456789/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
                        + "?host=acme.webhook.office.com"));
        assertEquals(new Destination.Teams(URI.create("https://acme.webhook.office.com/webhookb2/g@t/IncomingWebhook/"
                        + "alt/owner/V2extra")),
                DestinationUrls.parse("teams://g@t/alt/owner/V2extra?host=acme.webhook.office.com&title=x"));
        assertEquals(new Destination.Teams(URI.create("https://outlook.office.com/webhook/aaa/IncomingWebhook/bbb/ccc")),
                DestinationUrls.parse("teams://aaa/bbb/ccc"));
    }

    @Test
    void teamsHostParameterMayBeTheWholeWorkflowUrl() {
        String workflow = "prod-00.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke"
                + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3t";
        assertEquals(new Destination.Teams(URI.create("https://" + workflow)),
                DestinationUrls.parse("teams://?host=" + workflow));
        assertEquals(new Destination.Teams(URI.create("https://" + workflow)),
                DestinationUrls.parse("teams://workflow@x?host=https://" + workflow));
        assertEquals(new Destination.Teams(URI.create("https://acme.logic.azure.com/workflows/abc?sig=s")),
                DestinationUrls.parse("teams://?host=https%3A%2F%2Facme.logic.azure.com%2Fworkflows%2Fabc%3Fsig%3Ds"));
    }

    @Test
    void teamsPlusHttpsIsTheWorkflowUrlItself() {
        assertEquals(new Destination.Teams(URI.create("https://acme.powerplatform.com/wf/1?sig=s")),
                DestinationUrls.parse("teams+https://acme.powerplatform.com/wf/1?sig=s"));
    }

    @Test
    void genericFormsPostJsonToTheUrlWithHeadersFromAtParameters() {
        assertEquals(new Destination.Generic(URI.create("https://hooks.example.com/in?team=ops"),
                        Map.of("Authorization", "Bearer t0k")),
                DestinationUrls.parse("generic://hooks.example.com/in?@Authorization=Bearer%20t0k&team=ops&template=json"));
        assertEquals(new Destination.Generic(URI.create("http://sink:8080/in"), Map.of()),
                DestinationUrls.parse("generic://sink:8080/in?disabletls=yes"));
        assertEquals(new Destination.Generic(URI.create("https://sink.example/in"), Map.of("X-Key", "k")),
                DestinationUrls.parse("generic+https://sink.example/in?@X-Key=k"));
        assertEquals(new Destination.Generic(URI.create("http://127.0.0.1:9/in"), Map.of()),
                DestinationUrls.parse("generic+http://127.0.0.1:9/in"));
    }

    @Test
    void plainUrlsAreRecognisedByHost() {
        assertEquals(new Destination.SlackWebhook(URI.create(HOOK), null, null), DestinationUrls.parse(HOOK));
        assertEquals("teams", DestinationUrls.parse("https://acme.webhook.office.com/webhookb2/x").kind());
        assertEquals("teams", DestinationUrls.parse("https://prod-1.westus.logic.azure.com/workflows/x").kind());
        assertEquals("webhook", DestinationUrls.parse("http://127.0.0.1:8080/hook").kind());
        assertEquals(new Destination.Grafana(URI.create("http://grafana:3000"), null),
                DestinationUrls.parse("grafana+http://grafana:3000/"));
        assertEquals(new Destination.Grafana(URI.create("https://grafana.example/sub"), null),
                DestinationUrls.parse("grafana://grafana.example/sub"));
    }

    @Test
    void refusesMalformedUrlsWithoutQuotingTheSecret() {
        for (String bad : List.of("slack://hook:T0-B0@webhook", "slack://hook:t0-b0-s3cr3t@webhook",
                "slack://s3cr3t", "slack://nope:s3cr3t@x", "slack://xoxb:@C1", "teams://g@t/a/b",
                "teams://s3cr3t", "generic:///s3cr3t", "ftp://s3cr3t", "s3cr3t", "", "https://exa mple/s3cr3t",
                "https:///s3cr3t")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DestinationUrls.parse(bad),
                    bad);
            assertFalse(e.getMessage().contains("s3cr3t"), bad + " -> " + e.getMessage());
        }
    }

    @Test
    void describeShowsNoSecret() {
        for (String url : List.of(HOOK, "slack://xoxb:s3cr3t@C1", "teams+https://a.logic.azure.com/s3cr3t?sig=s3cr3t",
                "generic://h/s3cr3t?@Authorization=s3cr3t", "grafana://g/s3cr3t")) {
            String described = DestinationUrls.parse(url).describe();
            assertFalse(described.contains("s3cr3t"), described);
        }
    }

    @Test
    void anyInputEitherParsesOrFailsWithAnIllegalArgumentThatQuotesNoSecret() {
        String[] schemes = {"slack", "teams", "teams+https", "teams+http", "generic", "generic+https", "generic+http",
            "grafana", "grafana+http", "https", "http", "ftp", "", "SLACK"};
        String[] pieces = {"hook:", "xoxb:", "s3cr3t", "@", "/", "?", "host=", "&", "-", "T0", "B0", "%2F", "%", ":",
            "#", " ", "=", "webhook", "@X-Key=", "disabletls=yes", "https://", "example.com", "8080"};
        dev.kreboot.schemas.testing.PropertyCheck.forAll("destination URLs", 5_000, 7L, random -> {
            StringBuilder url = new StringBuilder(schemes[random.nextInt(schemes.length)]).append("://");
            for (int i = random.nextInt(12); i >= 0; i--) {
                url.append(pieces[random.nextInt(pieces.length)]);
            }
            return url.toString();
        }, url -> {
            try {
                DestinationUrls.parse(url);
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
            }
        });
    }
}
