package dev.kreboot.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;

/**
 * The chart under test, rendered by Helm's own library (helm-java wraps Helm's Go code) and
 * parsed with fabric8's model: core kinds become typed objects ({@code DaemonSet}, {@code
 * ClusterRole}, ...), custom resources {@link GenericKubernetesResource}.
 */
final class Chart {
    static final String RELEASE = "kreboot";
    static final String NAMESPACE = "kreboot-system";
    static final String NODE_MODE = "node.mode";
    static final String SPLIT = "split";
    static final String AGENT = "agent";

    private Chart() {
    }

    static Path chartDir() {
        return Path.of(System.getProperty("kreboot.chart", "kreboot")).toAbsolutePath().normalize();
    }

    static Path repoDir() {
        return Path.of(System.getProperty("kreboot.repo", "../..")).toAbsolutePath().normalize();
    }

    /** A kured user's values after following the chart's advice on the kured keys it refuses. */
    static Path kuredValues() {
        return Path.of("src/test/resources/kured-values-migrated.yaml").toAbsolutePath();
    }

    /** A kured user's values file as it is (plus the Kafka address): the chart refuses three keys. */
    static Path kuredValuesAsIs() {
        return Path.of("src/test/resources/kured-values.yaml").toAbsolutePath();
    }

    /** Renders with the chart's defaults plus {@code sets} (Helm's {@code --set} syntax). */
    static Rendered render(Map<String, String> sets) {
        return render(null, sets);
    }

    /**
     * The node side as {@link #SPLIT} unless {@code sets} names {@code node.mode}: the per-service
     * tests look at the node-sensor and executor DaemonSets, which the chart's default
     * ({@code node.mode=agent}) folds into one; {@link NodeModeTest} covers the default itself.
     */
    static Rendered render(Path valuesFile, Map<String, String> sets) {
        TemplateCommand template = new Helm(chartDir()).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (!sets.containsKey(NODE_MODE)) {
            template = template.set(NODE_MODE, SPLIT);
        }
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return new Rendered(template.call());
    }

    static Map<String, String> sets(String... keyValues) {
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            sets.put(keyValues[i], keyValues[i + 1]);
        }
        return sets;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One render: the YAML text and its objects. */
    record Rendered(String yaml, List<HasMetadata> objects) {
        Rendered(String yaml) {
            this(yaml, parse(yaml));
        }

        private static List<HasMetadata> parse(String yaml) {
            Object parsed = Serialization.unmarshal(yaml);
            List<HasMetadata> objects = new ArrayList<>();
            if (parsed instanceof List<?> list) {
                list.stream().filter(Objects::nonNull).map(HasMetadata.class::cast).forEach(objects::add);
            } else if (parsed instanceof KubernetesList list) {
                objects.addAll(list.getItems());
            } else if (parsed != null) {
                objects.add((HasMetadata) parsed);
            }
            return List.copyOf(objects);
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        List<GenericKubernetesResource> custom(String kind) {
            return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
        }

        <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
            return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
        }

        <T extends HasMetadata> T get(Class<T> type, String name) {
            return find(type, name).orElseThrow(() -> new AssertionError(
                    "no " + type.getSimpleName() + " named " + name + " in: " + names()));
        }

        /** The pod template of {@code component}'s DaemonSet or Deployment ({@link #name}). */
        PodSpec pod(String component) {
            String name = name(component);
            return find(DaemonSet.class, name).map(d -> d.getSpec().getTemplate().getSpec())
                    .or(() -> find(Deployment.class, name).map(d -> d.getSpec().getTemplate().getSpec()))
                    .orElseThrow(() -> new AssertionError("no DaemonSet or Deployment " + name + " in " + names()));
        }

        /** The four services' pod specs, in the order node-sensor, executor, coordinator, notifier. */
        List<PodSpec> servicePods() {
            return List.of(pod("node-sensor"), pod("executor"), pod("coordinator"), pod("notifier"));
        }

        List<String> names() {
            return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        }
    }

    /**
     * Asserts the chart refuses to render with {@code keyValues} ({@link #sets}), with a message
     * that contains {@code expected} (the key it names); returns the message.
     */
    static String assertRefusedNaming(String expected, String... keyValues) {
        Map<String, String> values = sets(keyValues);
        IllegalStateException e = Assertions.assertThrows(IllegalStateException.class, () -> render(values),
                () -> "expected the chart to refuse " + values);
        Assertions.assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e.getMessage();
    }

    /** {@code kreboot-executor} and so on. */
    static String name(String component) {
        return RELEASE + "-" + component;
    }
}
