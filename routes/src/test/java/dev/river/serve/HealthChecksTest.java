package dev.river.serve;

import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy and worker checks where the suite's shared services cannot show them: no proxy, and no inference. */
class HealthChecksTest {

    @Test
    void withoutAProxyReadinessIsDownNamingTheAddressAndRiverServeStaysAlive() throws Exception {
        int nobody = InferencePlaneTestSupport.freePort();
        try (ServeInstance serve = ServeInstance.start("river.serve.inference-enabled", "true",
                "river.serve.proxy", InferencePlaneTestSupport.tcp(nobody))) {
            Map<String, HealthCheck.Result> ready = results(HealthCheckHelper.invokeReadiness(serve.context(), "full"));
            assertEquals(HealthCheck.State.DOWN, ready.get("river-proxy").getState());
            assertEquals("river-proxy at 127.0.0.1:" + nobody + " has never answered PING (river.serve.proxy)",
                    ready.get("river-proxy").getMessage().orElse(null));
            assertEquals(HealthCheck.State.DOWN, ready.get("river-workers").getState());
            assertTrue(ready.get("river-workers").getMessage().orElse("").contains("did not answer STATS"),
                    ready.get("river-workers").getMessage().toString());
            assertEquals(HealthCheck.State.UP, ready.get("river-ports").getState(), ready.get("river-ports").getMessage().toString());
            Map<String, HealthCheck.Result> live = results(HealthCheckHelper.invokeLiveness(serve.context(), "full"));
            assertTrue(HealthCheckHelper.isResultsUp(live.values(), false), "alive: " + live.keySet());
        }
    }

    @Test
    void withInferenceOffOnlyThePortsAreChecked() throws Exception {
        try (ServeInstance serve = ServeInstance.start("river.serve.inference-enabled", "false")) {
            Map<String, HealthCheck.Result> ready = results(HealthCheckHelper.invokeReadiness(serve.context(), "full"));
            assertFalse(ready.containsKey("river-proxy") || ready.containsKey("river-workers"), ready.keySet().toString());
            assertEquals(HealthCheck.State.UP, ready.get("river-ports").getState());
            assertTrue(HealthCheckHelper.isResultsUp(ready.values(), true), "ready");
        }
    }

    private static Map<String, HealthCheck.Result> results(java.util.Collection<HealthCheck.Result> results) {
        Map<String, HealthCheck.Result> m = new TreeMap<>();
        results.forEach(r -> m.put(r.getCheck().getId(), r));
        return m;
    }
}
