package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.name;
import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `helm install` prints next (NOTES.txt) and what `helm test` checks. */
class NextStepsTest {

    private static String notes(Map<String, String> sets) {
        InstallCommand install = new Helm(Chart.chartDir()).install().withName(Chart.RELEASE)
                .withNamespace(Chart.NAMESPACE).dryRun().clientOnly();
        for (Map.Entry<String, String> set : sets.entrySet()) {
            install = install.set(set.getKey(), set.getValue());
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    @Test
    void withTheChartsKafkaTheNotesSayWhatToWaitForAndHowToCheck() {
        String notes = notes(Map.of());
        assertTrue(notes.contains("kubectl -n kreboot-system rollout status statefulset/kreboot-kafka"), notes);
        assertTrue(notes.contains("app.kubernetes.io/component=kafka-topics"), notes);
        assertTrue(notes.contains("helm test kreboot -n kreboot-system"), notes);
        assertTrue(notes.contains("No kreboot image is published yet"), notes);
        assertTrue(notes.contains("touch /host/var/run/reboot-required"), notes);
        assertTrue(notes.contains("--set kafka.bootstrapServers="), "how to use your own Kafka: " + notes);
    }

    @Test
    void withYourKafkaTheNotesNameItAndWhoCreatesTheTopics() {
        String notes = notes(sets("kafka.bootstrapServers", "my-cluster-kafka-bootstrap.kafka:9093",
                "kafka.securityProtocol", "SASL_SSL", "coordinator.image.repository", "registry.example.com/kreboot/coordinator",
                "executor.image.repository", "registry.example.com/kreboot/executor",
                "nodeAgent.image.repository", "registry.example.com/kreboot/node-agent"));
        assertTrue(notes.contains("your Kafka at my-cluster-kafka-bootstrap.kafka:9093 (SASL_SSL)"), notes);
        assertTrue(notes.contains("The services create missing topics at start"), notes);
        assertFalse(notes.contains("statefulset/kreboot-kafka"), notes);
        assertFalse(notes.contains("No kreboot image is published yet"), notes);
    }

    @Test
    void helmTestChecksEveryTopicAndTheCoordinatorsHealth() {
        Pod test = ChartRenderTest.hooks(Map.of()).get(Pod.class, name("test"));
        String script = String.join("\n", test.getSpec().getContainers().get(0).getCommand());
        assertTrue(script.contains("for t in node-status commands progress decisions control dlq"), script);
        assertTrue(script.contains("/health"), script);
        assertEquals("kreboot-kafka.kreboot-system.svc:9092", test.getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("KAFKA_BOOTSTRAP")).findFirst().orElseThrow().getValue());
        assertEquals("Never", test.getSpec().getRestartPolicy());
        assertTrue(test.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());

        Pod withSasl = ChartRenderTest.hooks(sets("kafka.bootstrapServers", "kafka:9093", "kafka.securityProtocol",
                "SASL_SSL")).get(Pod.class, name("test"));
        String saslScript = String.join("\n", withSasl.getSpec().getContainers().get(0).getCommand());
        assertFalse(saslScript.contains("kafka-topics.sh"), "no topic check without the credentials: " + saslScript);
        assertTrue(saslScript.contains("/health"), saslScript);
    }
}
