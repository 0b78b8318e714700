package dev.kreboot.notifier.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON a generic webhook receives:
 * <pre>
 * {"eventId", "occurredAt" (RFC 3339), "cluster", "node", "rebootId", "type" ("progress.DRAINED"),
 *  "phase" or "decision", "severity", "text", "reasons": [{"code", "message"}],
 *  "producer": {"service", "instance"}, "event": {the whole record}}
 * </pre>
 * Field names are a contract with receivers: add, never rename.
 */
public final class GenericWebhookBody {
    private static final JsonFactory JSON = new JsonFactory();

    private GenericWebhookBody() {
    }

    public static String render(Notification n) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("eventId", n.eventId());
            json.writeStringField("occurredAt", n.occurredAt().toString());
            json.writeStringField("cluster", n.cluster());
            json.writeStringField("node", n.node());
            json.writeStringField("rebootId", n.rebootId());
            json.writeStringField("type", n.type().toString());
            json.writeStringField(EventType.PROGRESS.equals(n.type().category()) ? "phase" : "decision", n.type().name());
            json.writeStringField("severity", n.severity().name());
            json.writeStringField("text", n.text());
            json.writeArrayFieldStart("reasons");
            for (Notification.Reason reason : n.reasons()) {
                json.writeStartObject();
                json.writeStringField("code", reason.code());
                json.writeStringField("message", reason.message());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("producer");
            json.writeStringField("service", n.producer().service());
            json.writeStringField("instance", n.producer().instance());
            json.writeEndObject();
            json.writeFieldName("event");
            write(json, n.event());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        JsonTree.write(json, value);
    }
}
