package dev.river.main;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServiceSettingsTest {

    @Test
    void nestedKeysHaveTheirOwnEnvironmentVariable() {
        assertEquals("RIVER_SERVE_RTP_PORT", ServiceSettings.envName("river.serve.rtp.port"));
        assertEquals("RIVER_PROXY_QUEUE_SIZE", ServiceSettings.envName("river.proxy.queue-size"));
    }

    @Test
    void anOptionBeatsTheEnvironmentWhichSetsKnownKeysOnly() {
        Map<String, String> env = Map.of("RIVER_SERVE_RTP_PORT", "6000", "RIVER_SERVE_DELAY_MS", "2000",
                "RIVER_SERVE_UNKNOWN", "x");
        Properties options = new Properties();
        options.setProperty("river.serve.delay-ms", "1500");

        Properties effective = ServiceSettings.overrides(
                List.of("river.serve.rtp.port", "river.serve.delay-ms"), options, env::get);

        assertEquals("6000", effective.getProperty("river.serve.rtp.port"));
        assertEquals("1500", effective.getProperty("river.serve.delay-ms"));
        assertEquals(2, effective.size());
    }

    @Test
    void optionsMustBeKeyValuePairs() {
        Properties p = ServiceSettings.parseArgs(new String[] {"--river.proxy.queue-size=5", "--a.b=x=y"});
        assertEquals("5", p.getProperty("river.proxy.queue-size"));
        assertEquals("x=y", p.getProperty("a.b"));
        assertNull(ServiceSettings.parseArgs(new String[] {"--help"}));
        assertThrows(IllegalArgumentException.class, () -> ServiceSettings.parseArgs(new String[] {"queue-size=5"}));
    }
}
