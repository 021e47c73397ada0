package dev.river.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.river.worker.model.EmbeddedModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded models match the sha256 published in models/README.md, and loading verifies it. */
class EmbeddedModelsTest {

    @Test
    void everyEmbeddedModelLoadsWithItsPublishedSha256() throws IOException {
        for (EmbeddedModels m : EmbeddedModels.values()) {
            byte[] bytes = m.load();
            assertEquals(m.sha256(), EmbeddedModels.sha256Hex(bytes), m.resource());
        }
    }

    @Test
    void theReadmeTableListsTheSameChecksumsTheWorkerVerifies() throws IOException {
        String readme;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("models/README.md")) {
            readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (EmbeddedModels m : EmbeddedModels.values()) {
            String file = m.resource().substring("models/".length());
            String row = readme.lines().filter(l -> l.contains("`" + file + "`")).findFirst().orElseThrow();
            assertTrue(row.contains("`" + m.sha256() + "`"), row);
        }
    }

    @Test
    void checksumsAreLowercaseHexSha256() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                EmbeddedModels.sha256Hex(new byte[0]));
    }
}
