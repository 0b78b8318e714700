package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import dev.kreboot.schemas.testing.PackagedArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's Dockerfile and the chart agree: the image the chart pulls is the one the
 * Dockerfile builds (its title label is the repository's last segment), the Dockerfile's default
 * JVM options are the chart's default javaOpts, and the image's user is the one the chart's
 * securityContext runs it as (65532 for the restricted pods; root for the executor, whose
 * privileged container sets no runAsUser and so runs as the image's user). The service
 * modules' PackagedArtifactIT checks the Dockerfile against what the build produces.
 */
class ImagesTest {

    private static final Pattern QUOTED = Pattern.compile("(\\S+?)=\"([^\"]*)\"");

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "node-sensor", "executor", "coordinator", "notifier"})
    void theChartRunsTheImageTheDockerfileBuildsWithItsDefaults(String component) throws IOException {
        Path module = component.equals("node-agent") ? Chart.repoDir().resolve("deploy/node-agent")
                : Chart.repoDir().resolve(component);
        Map<String, List<String>> dockerfile = instructions(module.resolve("Dockerfile"));
        PodSpec pod = pod(component);
        Container container = ChartRenderTest.container(pod);

        String repository = container.getImage().substring(0, container.getImage().lastIndexOf(':'));
        assertEquals(repository.substring(repository.lastIndexOf('/') + 1),
                quoted(dockerfile.get("LABEL")).get("org.opencontainers.image.title"));
        assertEquals(ChartRenderTest.env(container).get("JAVA_TOOL_OPTIONS").getValue(),
                quoted(dockerfile.get("ENV")).get("JAVA_TOOL_OPTIONS"));

        Long runAsUser = Optional.ofNullable(container.getSecurityContext()).map(SecurityContext::getRunAsUser)
                .or(() -> Optional.ofNullable(pod.getSecurityContext()).map(PodSecurityContext::getRunAsUser))
                .orElse(null);
        if (runAsUser == null || runAsUser == 0) {
            // Without runAsUser the pod runs as the image's user: a privileged pod needs that to be root.
            assertNull(dockerfile.get("USER"), "a root pod's image keeps root");
        } else {
            assertEquals(List.of(runAsUser + ":" + runAsUser), dockerfile.get("USER"));
        }
    }

    /**
     * Every image trains an AppCDS archive at build time and starts with it: the archive the
     * training run writes is the one the ENTRYPOINT maps (a different path would silently start
     * without it), and the training runs before USER, as root, since it writes into /app.
     */
    @ParameterizedTest
    @ValueSource(strings = {"node-sensor", "executor", "coordinator", "notifier"})
    void theImageStartsWithTheCdsArchiveItsBuildTrains(String component) throws IOException {
        Path dockerfile = Chart.repoDir().resolve(component).resolve("Dockerfile");
        Map<String, List<String>> instructions = instructions(dockerfile);
        String archive = "/app/kreboot-" + component + ".jsa";
        assertEquals(1, instructions.get("RUN").stream()
                .filter(run -> run.contains("-XX:ArchiveClassesAtExit=" + archive)).count(), "a training RUN");
        String entrypoint = instructions.get("ENTRYPOINT").get(0);
        assertTrue(entrypoint.contains("\"-XX:SharedArchiveFile=" + archive + "\""), entrypoint);
        List<String> lines = Files.readAllLines(dockerfile);
        int training = -1;
        int user = Integer.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("RUN ") && lines.get(i).contains("ArchiveClassesAtExit")) {
                training = i;
            } else if (lines.get(i).startsWith("USER ")) {
                user = i;
            }
        }
        assertTrue(training >= 0 && training < user, "the training runs before USER (it writes /app)");
    }

    private static PodSpec pod(String component) {
        Chart.Rendered r = Chart.render(sets("configuration.notifyUrl", "https://hooks.example.com/x",
                Chart.NODE_MODE, component.equals("node-agent") ? Chart.AGENT : Chart.SPLIT));
        return r.pod(component);
    }

    private static Map<String, String> quoted(List<String> arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String argument : arguments) {
            Matcher m = QUOTED.matcher(argument);
            while (m.find()) {
                values.put(m.group(1), m.group(2));
            }
        }
        return values;
    }

    /**
     * Instruction -> the arguments of each occurrence; continuation lines joined, comments dropped
     * ({@link PackagedArtifact#dockerInstructions}, as the packaged-image checks read them).
     */
    static Map<String, List<String>> instructions(Path dockerfile) throws IOException {
        Map<String, List<String>> instructions = new LinkedHashMap<>();
        for (String instruction : PackagedArtifact.dockerInstructions(dockerfile)) {
            int space = instruction.indexOf(' ');
            instructions.computeIfAbsent(instruction.substring(0, space), k -> new ArrayList<>())
                    .add(instruction.substring(space + 1).strip());
        }
        return instructions;
    }
}
