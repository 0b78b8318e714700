package dev.kreboot.coordinator.policy;

import dev.kreboot.coordinator.domain.RebootWindow;
import java.util.List;
import java.util.Set;

/**
 * {@code spec.window} as a domain {@link RebootWindow}: kured's days, start and end time and time
 * zone. The window parser is shared with the environment keys, so its messages name
 * {@code kreboot.*}; here they are re-worded to name the spec field instead.
 */
final class WindowSpecs {
    static final Set<String> FIELDS = Set.of("days", "startTime", "endTime", "timeZone", "drainMargin");

    private WindowSpecs() {
    }

    static RebootWindow window(SpecObject w) {
        List<?> days = w.list("days");
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            if (!(days.get(i) instanceof String) && !(days.get(i) instanceof Number)) {
                throw new InvalidPolicyException(w.path("days") + "[" + i + "]", "must be a weekday (mo, monday, 1)");
            }
            joined.append(i == 0 ? "" : ",").append(days.get(i));
        }
        String start = w.text("startTime", "0:00");
        String end = w.text("endTime", "23:59:59");
        String zone = w.text("timeZone", "UTC");
        try {
            return RebootWindow.parse(joined.toString(), start, end, zone);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            String field = m.startsWith("kreboot.time-zone") ? w.path("timeZone")
                    : m.startsWith("kreboot.start-time") ? w.path("startTime")
                    : m.startsWith("kreboot.end-time") ? w.path("endTime") : w.path("days");
            int colon = m.indexOf(':');
            throw new InvalidPolicyException(field, "is not valid:" + (colon >= 0 ? m.substring(colon + 1) : " " + m),
                    e);
        }
    }
}
