package dev.kreboot.agent.domain;

import dev.kreboot.sensor.domain.StatusReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent's health endpoints answer. Liveness says only that the process serves: an outage
 * of Kafka or a host the sensor cannot read never turns into a restart loop (restarting cannot fix
 * either). Readiness carries those, as the services' {@code /health/readiness} does:
 * <ul>
 *   <li>{@code DOWN} while the host cannot be read (the published status carries the same error);</li>
 *   <li>{@code DOWN} while the newest status has not reached Kafka (the broker is away or refuses);</li>
 *   <li>{@code UNKNOWN} before the sensor's first look (answered 200, as Micronaut answers it);</li>
 *   <li>{@code UP} otherwise.</li>
 * </ul>
 *
 * @param status  UP, DOWN or UNKNOWN
 * @param details what the verdict rests on, shown in the response body
 */
public record Health(Status status, Map<String, Object> details) {
    public enum Status {
        UP(200), DOWN(503), UNKNOWN(200);

        private final int httpStatus;

        Status(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    public Health {
        details = Map.copyOf(details);
    }

    public static Health live() {
        return new Health(Status.UP, Map.of());
    }

    /**
     * @param report                 the sensor's last report, null before its first look
     * @param lastPublishedSequence  the sequence of the last status Kafka acknowledged
     * @param published              every status was published or overtaken by a published one
     */
    public static Health ready(StatusReport report, long lastPublishedSequence, boolean published) {
        if (report == null) {
            return new Health(Status.UNKNOWN, Map.of("sensor", "no look at the host yet"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sequence", report.sequence());
        details.put("rebootRequired", report.rebootRequired());
        details.put("lastPublishedSequence", lastPublishedSequence);
        Status status = Status.UP;
        if (report.probeError() != null) {
            status = Status.DOWN;
            details.put("probeError", report.probeError());
        }
        if (!published) {
            status = Status.DOWN;
            details.put("kafka", "the newest status has not reached Kafka yet");
        }
        return new Health(status, details);
    }
}
