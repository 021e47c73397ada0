package dev.river.main;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationDocsParsingTest {

    @Test
    void theMeaningOfAKeyIsTheCommentRightAboveIt() {
        List<ConfigurationDocs.Setting> settings = ConfigurationDocs.settings("""
                # header of the file, ended by a blank line

                # TCP port of the HTTP server;
                # the web app too.
                river.x.http-port=8080
                # Empty means: none.
                river.x.token=
                camel.server.port={{river.x.http-port}}
                """, "x.properties");
        assertEquals(List.of(
                new ConfigurationDocs.Setting("river.x.http-port", "8080", "TCP port of the HTTP server; the web app too."),
                new ConfigurationDocs.Setting("river.x.token", "", "Empty means: none."),
                new ConfigurationDocs.Setting("camel.server.port", "{{river.x.http-port}}",
                        "Camel option, set from river.x.http-port.")), settings);
    }

    @Test
    void aRiverKeyWithoutACommentIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConfigurationDocs.settings("# a\nriver.x.a=1\n\nriver.x.b=2\n", "x.properties"));
        assertEquals("x.properties: river.x.b has no comment line above it (its meaning in docs/configuration.md)",
                e.getMessage());
    }

    @Test
    void aValueOrMeaningMayHoldAPipe() {
        List<ConfigurationDocs.Setting> s = ConfigurationDocs.settings("# a | b\nriver.x.a=1|2\n", "x");
        assertEquals("1|2", s.get(0).defaultValue());
        assertTrue(s.get(0).meaning().contains("|"));
    }
}
