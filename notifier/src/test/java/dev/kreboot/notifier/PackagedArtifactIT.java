package dev.kreboot.notifier;

import dev.kreboot.schemas.testing.PackagedArtifact;
import org.junit.jupiter.api.Test;

/** What the image ships, checked after {@code package} built it (see {@link PackagedArtifact}). */
class PackagedArtifactIT {
    private final PackagedArtifact artifact = PackagedArtifact.of("kreboot-notifier.jar");

    @Test
    void jarNamesTheApplicationAndEveryClassPathEntryIsInLib() throws Exception {
        artifact.assertRunnableJar(Application.class);
    }

    @Test
    void javaJarWithoutSettingsExitsNonZeroNamingTheKeyInJsonLines() throws Exception {
        artifact.assertFailsWithoutSettingsNaming("kreboot.cluster");
    }

    @Test
    void dockerfileCopiesTheBuiltArtifactAndRunsTheJar() throws Exception {
        artifact.assertDockerfileShipsTheJar();
    }
}
