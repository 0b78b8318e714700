package dev.kreboot.executor;

import dev.kreboot.schemas.testing.PackagedServiceChecks;

/** What the image ships, checked after {@code package} built it (see {@link PackagedServiceChecks}). */
class PackagedArtifactIT extends PackagedServiceChecks {
    PackagedArtifactIT() {
        super("kreboot-executor.jar", Application.class, "kreboot.node-name");
    }
}
