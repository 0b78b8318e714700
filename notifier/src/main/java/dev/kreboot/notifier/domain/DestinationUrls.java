package dev.kreboot.notifier.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a route's URL into a {@link Destination}, accepting what kured's {@code --notify-url}
 * (shoutrrr) accepts:
 * <table>
 *   <caption>URL forms</caption>
 *   <tr><th>URL</th><th>destination</th></tr>
 *   <tr><td>{@code slack://hook:T-B-X@webhook[?channel=c&botname=u]}</td>
 *       <td>Slack webhook {@code https://hooks.slack.com/services/T/B/X}</td></tr>
 *   <tr><td>{@code slack://[botname@]T/B/X} (legacy)</td><td>the same webhook</td></tr>
 *   <tr><td>{@code slack://xoxb:TOKEN@CHANNEL[?botname=u]}</td>
 *       <td>Slack bot: {@code chat.postMessage} with token {@code xoxb-TOKEN} to {@code CHANNEL}</td></tr>
 *   <tr><td>{@code teams://group@tenant/altId/groupOwner[/extraId]?host=org.webhook.office.com}</td>
 *       <td>{@code https://org.webhook.office.com/webhookb2/group@tenant/IncomingWebhook/altId/groupOwner[/extraId]}</td></tr>
 *   <tr><td>{@code teams://A/B/C} (v0.4)</td>
 *       <td>{@code https://outlook.office.com/webhook/A/IncomingWebhook/B/C}</td></tr>
 *   <tr><td>{@code teams://[anything]?host=<workflow URL>}</td><td>the Workflows URL (scheme optional, https)</td></tr>
 *   <tr><td>{@code teams+https://...}, {@code teams+http://...}</td><td>that URL as a Teams webhook</td></tr>
 *   <tr><td>{@code generic://host/path[?disabletls=yes&@Header=v]}</td>
 *       <td>{@code https://host/path} ({@code http} with {@code disabletls=yes}), headers from {@code @} params</td></tr>
 *   <tr><td>{@code generic+https://...}, {@code generic+http://...}</td><td>that URL, same query handling</td></tr>
 *   <tr><td>{@code https://hooks.slack.com/...}</td><td>Slack webhook</td></tr>
 *   <tr><td>{@code https://...webhook.office.com/...}, {@code https://...logic.azure.com/...},
 *       {@code https://...powerplatform.com/...}</td><td>Teams webhook</td></tr>
 *   <tr><td>{@code https://...}, {@code http://...}</td><td>generic webhook</td></tr>
 *   <tr><td>{@code grafana://host[:port][/path][?disabletls=yes]}, {@code grafana+https://...}</td>
 *       <td>Grafana annotations API at that base URL (token configured separately)</td></tr>
 * </table>
 * Errors never quote the URL: it is a secret.
 */
public final class DestinationUrls {
    private static final Pattern SLACK_ID = Pattern.compile("[A-Z0-9]+");
    private static final Pattern SLACK_SECRET = Pattern.compile("[A-Za-z0-9]+");
    private static final Set<String> GENERIC_CONFIG = Set.of("disabletls", "template", "contenttype", "method",
            "messagekey", "titlekey", "title");

    private DestinationUrls() {
    }

    /** @throws IllegalArgumentException saying what is wrong, without the URL */
    public static Destination parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("URL is empty");
        }
        String text = url.strip();
        int colon = text.indexOf("://");
        if (colon <= 0) {
            throw new IllegalArgumentException("not a URL (no scheme://)");
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = text.substring(colon + 3);
        return switch (scheme) {
            case "slack" -> slack(rest);
            case "teams" -> teams(rest);
            case "teams+https" -> new Destination.Teams(http("https://" + rest));
            case "teams+http" -> new Destination.Teams(http("http://" + rest));
            case "generic" -> generic("https", rest);
            case "generic+https" -> generic("https", rest);
            case "generic+http" -> generic("http", rest);
            case "grafana" -> grafana("https", rest);
            case "grafana+https" -> grafana("https", rest);
            case "grafana+http" -> grafana("http", rest);
            case "http", "https" -> plain(text);
            default -> throw new IllegalArgumentException("unsupported scheme " + scheme
                    + "; supported: slack, teams, teams+https, teams+http, generic, generic+https, generic+http, grafana, http, https");
        };
    }

    private static Destination slack(String rest) {
        Parts p = Parts.of(rest);
        Map<String, String> query = p.query();
        String username = first(query.get("botname"), query.get("username"));
        if (p.userinfo != null && p.userinfo.contains(":")) {
            String kind = p.userinfo.substring(0, p.userinfo.indexOf(':')).toLowerCase(Locale.ROOT);
            String token = p.userinfo.substring(p.userinfo.indexOf(':') + 1);
            if (kind.equals("hook")) {
                return new Destination.SlackWebhook(slackHook(token.split("[-/]", -1)), username, query.get("channel"));
            }
            if (kind.equals("xoxb") || kind.equals("xoxp")) {
                if (token.isEmpty() || p.host.isEmpty()) {
                    throw new IllegalArgumentException("slack bot URL needs xoxb:TOKEN@CHANNEL");
                }
                return new Destination.SlackBot(kind + "-" + token, decode(p.host), username);
            }
            throw new IllegalArgumentException("slack token must start with hook:, xoxb: or xoxp:");
        }
        // Legacy: slack://[botname@]T/B/X
        List<String> path = p.segments();
        if (path.size() != 2) {
            throw new IllegalArgumentException("slack URL must be slack://hook:T-B-X@webhook, slack://xoxb:TOKEN@CHANNEL"
                    + " or slack://T/B/X");
        }
        String legacyName = p.userinfo == null ? null : decode(p.userinfo);
        return new Destination.SlackWebhook(slackHook(new String[] {p.host, path.get(0), path.get(1)}),
                first(username, legacyName), query.get("channel"));
    }

    private static URI slackHook(String[] parts) {
        if (parts.length != 3 || !SLACK_ID.matcher(parts[0]).matches() || !SLACK_ID.matcher(parts[1]).matches()
                || !SLACK_SECRET.matcher(parts[2]).matches()) {
            throw new IllegalArgumentException("slack webhook token must have three parts T-B-X"
                    + " (two upper-case ids and an alphanumeric secret)");
        }
        return URI.create("https://hooks.slack.com/services/" + parts[0] + "/" + parts[1] + "/" + parts[2]);
    }

    private static Destination teams(String rest) {
        Parts p = Parts.of(rest);
        String host = workflowHost(p.rawQuery);
        if (host != null && host.contains("/")) {
            String target = host.matches("(?i)https?://.*") ? host : "https://" + host;
            return new Destination.Teams(http(target));
        }
        List<String> path = p.segments();
        if (p.userinfo != null) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("teams URL needs ?host=<organisation>.webhook.office.com"
                        + " or ?host=<workflow URL>");
            }
            if (path.size() < 2 || path.size() > 3) {
                throw new IllegalArgumentException("teams URL must be teams://group@tenant/altId/groupOwner[/extraId]?host=...");
            }
            return new Destination.Teams(http("https://" + host + "/webhookb2/" + p.userinfo + "@" + p.host
                    + "/IncomingWebhook/" + String.join("/", path)));
        }
        if (path.size() == 2 && !p.host.isEmpty()) {
            return new Destination.Teams(http("https://outlook.office.com/webhook/" + p.host + "/IncomingWebhook/"
                    + path.get(0) + "/" + path.get(1)));
        }
        throw new IllegalArgumentException("teams URL must be teams://group@tenant/altId/groupOwner?host=...,"
                + " teams://A/B/C or teams://?host=<workflow URL>");
    }

    /**
     * The {@code host} parameter. A Workflows URL carries its own query ({@code api-version}, {@code sp},
     * {@code sig}) and is often pasted unencoded, so everything after {@code host=} belongs to it.
     */
    private static String workflowHost(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        int at;
        if (rawQuery.startsWith("host=")) {
            at = 0;
        } else {
            int i = rawQuery.indexOf("&host=");
            if (i < 0) {
                return null;
            }
            at = i + 1;
        }
        String value = rawQuery.substring(at + "host=".length());
        if (value.contains("/")) {
            return value;
        }
        int amp = value.indexOf('&');
        return decode(amp < 0 ? value : value.substring(0, amp));
    }

    private static Destination generic(String scheme, String rest) {
        Parts p = Parts.of(rest);
        if (p.host.isEmpty()) {
            throw new IllegalArgumentException("generic URL needs a host");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder passOn = new StringBuilder();
        String effectiveScheme = scheme;
        if (p.rawQuery != null) {
            for (String pair : p.rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (key.startsWith("@") && key.length() > 1) {
                    headers.put(key.substring(1), value);
                } else if (key.equalsIgnoreCase("disabletls")) {
                    if (value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true")) {
                        effectiveScheme = "http";
                    }
                } else if (GENERIC_CONFIG.contains(key.toLowerCase(Locale.ROOT)) || key.startsWith("$")) {
                    continue;
                } else {
                    passOn.append(passOn.length() == 0 ? "" : "&").append(pair);
                }
            }
        }
        String target = effectiveScheme + "://" + p.authority() + p.rawPath + (passOn.length() == 0 ? "" : "?" + passOn);
        return new Destination.Generic(http(target), headers);
    }

    private static Destination grafana(String scheme, String rest) {
        Parts p = Parts.of(rest);
        if (p.host.isEmpty()) {
            throw new IllegalArgumentException("grafana URL needs a host");
        }
        Map<String, String> query = p.query();
        String effective = "yes".equalsIgnoreCase(query.get("disabletls")) ? "http" : scheme;
        String path = p.rawPath.endsWith("/") ? p.rawPath.substring(0, p.rawPath.length() - 1) : p.rawPath;
        return new Destination.Grafana(http(effective + "://" + p.authority() + path), null);
    }

    private static Destination plain(String text) {
        URI url = http(text);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("hooks.slack.com")) {
            return new Destination.SlackWebhook(url, null, null);
        }
        if (host.endsWith(".webhook.office.com") || host.endsWith(".logic.azure.com")
                || host.endsWith(".powerplatform.com") || host.equals("outlook.office.com")) {
            return new Destination.Teams(url);
        }
        return new Destination.Generic(url, Map.of());
    }

    private static URI http(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            // URISyntaxException quotes the input: keep the secret out of the message.
            throw new IllegalArgumentException("not a valid URL (" + e.getReason() + ")");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("URL has no host");
        }
        return url;
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** A URL after {@code scheme://}, split by hand: shoutrrr forms are not always valid URIs. */
    private record Parts(String userinfo, String host, String port, String rawPath, String rawQuery) {
        static Parts of(String rest) {
            String query = null;
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash);
            String userinfo = null;
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                userinfo = authority.substring(0, at);
                authority = authority.substring(at + 1);
            }
            String port = null;
            int c = authority.lastIndexOf(':');
            if (c >= 0) {
                port = authority.substring(c + 1);
                authority = authority.substring(0, c);
            }
            return new Parts(userinfo, authority, port, path, query);
        }

        String authority() {
            return host + (port == null ? "" : ":" + port);
        }

        List<String> segments() {
            return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).toList();
        }

        Map<String, String> query() {
            Map<String, String> params = new LinkedHashMap<>();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        params.put(decode(pair.substring(0, eq)).toLowerCase(Locale.ROOT), decode(pair.substring(eq + 1)));
                    }
                }
            }
            return params;
        }
    }
}
