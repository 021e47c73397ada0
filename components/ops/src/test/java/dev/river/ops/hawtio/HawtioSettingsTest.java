package dev.river.ops.hawtio;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HawtioSettingsTest {

    private static Map<String, String> defaults() {
        Map<String, String> m = new HashMap<>();
        m.put(HawtioSettings.PORT, "8090");
        m.put(HawtioSettings.BIND, "127.0.0.1");
        m.put(HawtioSettings.SERVE_JOLOKIA, "http://127.0.0.1:8081/observe/jolokia");
        m.put(HawtioSettings.PROXY_JOLOKIA, "http://127.0.0.1:8082/observe/jolokia");
        m.put(HawtioSettings.WORKER_JOLOKIA, "http://127.0.0.1:8083/observe/jolokia");
        return m;
    }

    @Test
    void proxyAllowlistHoldsLoopbackTheConfiguredHostsAndTheExtraOnes() throws Exception {
        Map<String, String> m = defaults();
        m.put(HawtioSettings.WORKER_JOLOKIA, "http://gpu-1.example:8083/observe/jolokia");
        m.put(HawtioSettings.PROXY_ALLOWLIST, "r:gpu-[0-9]+.example, ops.example");
        HawtioSettings s = HawtioSettings.fromLookup(m::get);
        assertEquals("localhost,127.0.0.1,gpu-1.example,r:gpu-[0-9]+.example,ops.example", s.proxyAllowlistProperty());
    }

    @Test
    void aBadPortIsOneLineNamingTheProperty() {
        Map<String, String> m = defaults();
        m.put(HawtioSettings.PORT, "80900");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> HawtioSettings.fromLookup(m::get));
        assertEquals("river.hawtio.port: '80900' is not a TCP port (1-65535, or 0 for any free one)", e.getMessage());
    }

    @Test
    void aJolokiaAddressThatIsNotAnHttpUrlNamesItsProperty() {
        Map<String, String> m = defaults();
        m.put(HawtioSettings.WORKER_JOLOKIA, "http://127.0.0.1:8083/observe/jolokia,tcp://127.0.0.1:8084");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> HawtioSettings.fromLookup(m::get));
        assertTrue(e.getMessage().startsWith("river.hawtio.worker-jolokia: "), e.getMessage());
    }

    @Test
    void emptyWorkerListMeansNoWorkerConnection() throws Exception {
        Map<String, String> m = defaults();
        m.put(HawtioSettings.WORKER_JOLOKIA, "");
        assertEquals(2, HawtioSettings.fromLookup(m::get).endpoints().size());
    }
}
