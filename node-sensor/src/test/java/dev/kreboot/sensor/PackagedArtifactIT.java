package dev.kreboot.sensor;

import dev.kreboot.schemas.testing.PackagedArtifact;
import org.junit.jupiter.api.Test;

/** What the image ships, checked after {@code package} built it (see {@link PackagedArtifact}). */
class PackagedArtifactIT {
    private final PackagedArtifact artifact = PackagedArtifact.of("kreboot-node-sensor.jar");

    @Test
    void jarNamesTheApplicationAndEveryClassPathEntryIsInLib() throws Exception {
        artifact.assertRunnableJar(Application.class);
    }

    @Test
    void javaJarWithoutSettingsExitsNonZeroNamingTheKeyInJsonLines() throws Exception {
        artifact.assertFailsWithoutSettingsNaming("kreboot.node-name");
    }

    @Test
    void dockerfileCopiesTheBuiltArtifactAndRunsTheJar() throws Exception {
        artifact.assertDockerfileShipsTheJar();
    }
}
