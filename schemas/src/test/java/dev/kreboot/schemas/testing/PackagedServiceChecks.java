package dev.kreboot.schemas.testing;

import org.junit.jupiter.api.Test;

/**
 * The checks every runnable module's {@code PackagedArtifactIT} runs on what its image ships (see
 * {@link PackagedArtifact}): a module's IT extends this with its jar, main class and the first
 * setting a bare start must name, and adds whatever is its own. JUnit runs the inherited tests
 * under the subclass's name, so failsafe's {@code *IT} pattern picks them up per module.
 */
public abstract class PackagedServiceChecks {
    protected final PackagedArtifact artifact;
    private final Class<?> mainClass;
    private final String firstRequiredKey;

    protected PackagedServiceChecks(String jarName, Class<?> mainClass, String firstRequiredKey) {
        this.artifact = PackagedArtifact.of(jarName);
        this.mainClass = mainClass;
        this.firstRequiredKey = firstRequiredKey;
    }

    @Test
    void jarNamesTheApplicationAndEveryClassPathEntryIsInLib() throws Exception {
        artifact.assertRunnableJar(mainClass);
    }

    @Test
    void javaJarWithoutSettingsExitsNonZeroNamingTheKeyInJsonLines() throws Exception {
        artifact.assertFailsWithoutSettingsNaming(firstRequiredKey);
    }

    @Test
    void dockerfileCopiesTheBuiltArtifactAndRunsTheJar() throws Exception {
        artifact.assertDockerfileShipsTheJar();
    }
}
