package dev.river.serve.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.river.main.ConfigurationDocs;
import dev.river.main.ServiceSettings;
import dev.river.serve.ServeSettings;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md is what the generator makes of the three services' application.properties files, so the
 * documented settings cannot drift from the real ones.
 */
class ConfigurationDocsTest {

    /** The project root, seen from this module (routes/). */
    private static final Path ROOT = Path.of("..");

    @Test
    void theConfigurationPageIsGeneratedFromThePropertiesFiles() throws Exception {
        Path page = ROOT.resolve(ConfigurationDocs.PAGE);
        String expected = ConfigurationDocs.render(ROOT);
        String actual = Files.isRegularFile(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        assertTrue(expected.equals(actual), ConfigurationDocs.PAGE + " differs from the application.properties files:"
                + " regenerate it with " + ConfigurationDocs.COMMAND);
    }

    @Test
    void everyPackagedSettingIsDocumentedWithItsEnvironmentVariable() throws Exception {
        String page = ConfigurationDocs.render(ROOT);
        for (ConfigurationDocs.Service s : ConfigurationDocs.SERVICES) {
            List<ConfigurationDocs.Setting> settings = ConfigurationDocs.settings(
                    Files.readString(ROOT.resolve(s.file()), StandardCharsets.UTF_8), s.file());
            assertTrue(settings.size() > 5, s.name() + " has settings");
            for (ConfigurationDocs.Setting setting : settings) {
                assertTrue(page.contains("| `" + setting.key() + "` | `"
                        + setting.key().toUpperCase().replace('.', '_').replace('-', '_') + "` |"), setting.key());
            }
        }
    }

    @Test
    void riverServesPackagedDefaultsPassItsDeclaredRules() {
        // a rule that refuses a packaged default would stop river-serve out of the box
        ServeSettings.VALIDATOR.checkStartup(ServiceSettings.packaged(), new Properties(), Map.of(), new Properties());
    }
}
