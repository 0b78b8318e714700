package dev.kreboot.agent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.schemas.testing.PackagedArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node process as its image runs it: the Dockerfile's {@code ENV JAVA_TOOL_OPTIONS} and
 * {@code MALLOC_ARENA_MAX}, and its {@code ENTRYPOINT} with the image's paths mapped onto the build's
 * ({@code /app/<jar>} is {@code <module>/target/<jar>}, the AppCDS archive is the one the benchmark's
 * training run wrote).
 *
 * @param name         e.g. {@code node-agent}
 * @param module       the module directory holding the Dockerfile and {@code target/}
 * @param jar          the runnable jar's file name
 * @param javaToolOptions the image's JVM options (or an experiment's)
 * @param entrypointOptions the ENTRYPOINT's JVM options, archive path still the image's
 */
record NodeProcess(String name, Path module, String jar, String javaToolOptions, List<String> entrypointOptions,
                   String mallocArenaMax) {

    /** Reads the module's Dockerfile. */
    static NodeProcess fromDockerfile(String name, Path module, String jar) throws IOException {
        String options = null;
        String arenas = null;
        List<String> entrypoint = List.of();
        for (String instruction : dockerInstructions(module.resolve("Dockerfile"))) {
            if (instruction.startsWith("ENV JAVA_TOOL_OPTIONS=")) {
                options = unquote(instruction.substring("ENV JAVA_TOOL_OPTIONS=".length()));
            } else if (instruction.startsWith("ENV MALLOC_ARENA_MAX=")) {
                arenas = unquote(instruction.substring("ENV MALLOC_ARENA_MAX=".length()));
            } else if (instruction.startsWith("ENTRYPOINT")) {
                entrypoint = json(instruction.substring("ENTRYPOINT".length()).strip());
            }
        }
        if (options == null || entrypoint.isEmpty()) {
            throw new IllegalStateException(module.resolve("Dockerfile") + " has no ENV JAVA_TOOL_OPTIONS or ENTRYPOINT");
        }
        int jarAt = entrypoint.indexOf("-jar");
        return new NodeProcess(name, module, jar, options, List.copyOf(entrypoint.subList(1, jarAt)), arenas);
    }

    /** An experiment's options; a leading {@code MALLOC_ARENA_MAX=<n>} word sets the arenas instead of the image's. */
    NodeProcess withJavaToolOptions(String options) {
        String arenas = mallocArenaMax;
        String rest = options.strip();
        if (rest.startsWith("MALLOC_ARENA_MAX=")) {
            int space = rest.indexOf(' ');
            arenas = rest.substring("MALLOC_ARENA_MAX=".length(), space < 0 ? rest.length() : space);
            rest = space < 0 ? "" : rest.substring(space + 1).strip();
        }
        return new NodeProcess(name, module, jar, rest, entrypointOptions, arenas);
    }

    Path jarPath() {
        return module.resolve("target").resolve(jar);
    }

    /** The command line as the image's: the archive mapped to {@code archive}, or dropped when null. */
    List<String> command(Path java, Path archive) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        for (String option : entrypointOptions) {
            if (option.startsWith("-XX:SharedArchiveFile=")) {
                if (archive != null) {
                    command.add("-XX:SharedArchiveFile=" + archive);
                }
            } else {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(jarPath().toString());
        return command;
    }

    /** The image's training run: archive what this run loads, written when it exits. */
    List<String> trainingCommand(Path java, Path archive) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-XX:ArchiveClassesAtExit=" + archive);
        command.add("-jar");
        command.add(jarPath().toString());
        return command;
    }

    void environment(Map<String, String> env) {
        env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        if (mallocArenaMax != null) {
            env.put("MALLOC_ARENA_MAX", mallocArenaMax);
        }
    }

    private static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> json(String array) throws IOException {
        List<String> items = new ArrayList<>();
        new ObjectMapper().readTree(array).forEach(item -> items.add(item.asText()));
        return items;
    }

    private static List<String> dockerInstructions(Path dockerfile) throws IOException {
        return PackagedArtifact.dockerInstructions(dockerfile);
    }
}
