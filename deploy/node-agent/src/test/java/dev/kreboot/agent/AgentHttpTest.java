package dev.kreboot.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.agent.domain.Health;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health body is JSON a probe or a person can read, whatever a probe error's text holds. */
class AgentHttpTest {
    @Test
    void aProbeErrorWithQuotesNewlinesAndControlCharactersStaysValidJson() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sequence", 7L);
        details.put("rebootRequired", false);
        details.put("probeError", "cannot read \"/host/var/run\"\n\tbecause \\ and \u0001");
        String body = AgentHttp.json(new Health(Health.Status.DOWN, details));

        JsonNode json = new ObjectMapper().readTree(body);
        assertEquals("DOWN", json.path("status").asText());
        assertEquals(7, json.path("details").path("sequence").asInt());
        assertEquals(false, json.path("details").path("rebootRequired").asBoolean(true));
        assertEquals("cannot read \"/host/var/run\"\n\tbecause \\ and \u0001",
                json.path("details").path("probeError").asText());
    }

    @Test
    void livenessIsJustTheStatus() {
        assertEquals("{\"status\":\"UP\"}", AgentHttp.json(Health.live()));
    }
}
