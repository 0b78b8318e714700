package dev.kreboot.schemas.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * What a service's image ships, checked after {@code package} built it:
 * {@code target/kreboot-<service>.jar} (the module's classes, Main-Class and a Class-Path of
 * {@code lib/*.jar}) beside {@code target/lib/}, and the module's Dockerfile, which must copy exactly
 * those and run that jar. One service's {@code PackagedArtifactIT} calls each check with its names.
 *
 * @param module   the module directory (failsafe's {@code basedir})
 * @param jarName  e.g. {@code kreboot-coordinator.jar}
 */
public record PackagedArtifact(Path module, String jarName) {

    /** The module failsafe runs in, and its runnable jar's file name. */
    public static PackagedArtifact of(String jarName) {
        return new PackagedArtifact(Path.of(System.getProperty("basedir", ".")).toAbsolutePath(), jarName);
    }

    public Path jar() {
        return module.resolve("target").resolve(jarName);
    }

    /** The manifest names {@code mainClass}, which the jar holds; every Class-Path entry is a file in lib/. */
    public void assertRunnableJar(Class<?> mainClass) throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals(mainClass.getName(), manifest.getValue(Attributes.Name.MAIN_CLASS));
            assertNotNull(jar.getEntry(mainClass.getName().replace('.', '/') + ".class"), "main class in the jar");
            List<String> classPath = List.of(manifest.getValue(Attributes.Name.CLASS_PATH).split(" "));
            assertTrue(classPath.stream().anyMatch(e -> e.startsWith("lib/kreboot-schemas-")), classPath.toString());
            for (String entry : classPath) {
                assertTrue(entry.startsWith("lib/") && Files.isRegularFile(jar().resolveSibling(entry)), entry);
            }
        }
    }

    /**
     * {@code java -jar} as the image runs it, with an empty environment and
     * {@code KREBOOT_LOG_FORMAT=json}: exits non-zero, every line is JSON, and an ERROR line names
     * {@code missingKey}.
     */
    public void assertFailsWithoutSettingsNaming(String missingKey) throws Exception {
        Path output = Files.createTempFile("packaged-artifact", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("KREBOOT_LOG_FORMAT", "json");
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "still running after 90 s: " + Files.readString(output));
        } finally {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);

        assertNotEquals(0, process.exitValue(), log);
        assertTrue(log.contains(missingKey), log);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            lines.add(json.readTree(line));
        }
        assertTrue(lines.stream().anyMatch(l -> l.path("level").asText().equals("ERROR")
                && l.path("formattedMessage").asText().contains(missingKey)), log);
    }

    /** The Dockerfile copies lib/ and the jar the build produced, side by side, lets them through .dockerignore and runs the jar. */
    public void assertDockerfileShipsTheJar() throws IOException {
        Map<String, String> copies = new LinkedHashMap<>();
        List<String> entrypoint = new ArrayList<>();
        for (String instruction : dockerInstructions(module.resolve("Dockerfile"))) {
            String[] parts = instruction.split("\\s+");
            if (parts[0].equals("COPY")) {
                assertEquals(3, parts.length, instruction);
                copies.put(parts[1], parts[2]);
            } else if (parts[0].equals("ENTRYPOINT")) {
                new ObjectMapper().readTree(instruction.substring("ENTRYPOINT".length()))
                        .forEach(arg -> entrypoint.add(arg.asText()));
            }
        }
        String builtJar = "target/" + jarName;
        assertEquals(List.of("target/lib/", builtJar), List.copyOf(copies.keySet()));
        for (String source : copies.keySet()) {
            assertTrue(Files.exists(module.resolve(source)), source + " is not what the build produces");
        }
        String jarInImage = copies.get(builtJar);
        assertEquals(jarInImage.substring(0, jarInImage.lastIndexOf('/') + 1) + "lib/", copies.get("target/lib/"),
                "the manifest's lib/ entries resolve against the jar's directory");
        assertEquals("java", entrypoint.get(0));
        assertEquals(jarInImage, entrypoint.get(entrypoint.indexOf("-jar") + 1), entrypoint.toString());

        List<String> dockerignore = Files.readAllLines(module.resolve(".dockerignore"));
        for (String source : copies.keySet()) {
            assertTrue(dockerignore.contains("!" + source), source + " is left out of the build context");
        }
    }

    /** Dockerfile instructions with continuation lines joined and comments dropped. */
    public static List<String> dockerInstructions(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            instructions.add(current.append(trimmed).toString().strip());
            current.setLength(0);
        }
        return instructions;
    }
}
