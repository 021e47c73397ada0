package dev.river.proxy;

import java.util.Properties;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

import dev.river.main.ServiceSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** river-proxy as an application: Camel Main, settings from application.properties and --key=value options. */
class ProxyApplicationTest {

    @Test
    void theApplicationStartsFromItsPropertiesAndAnswersPing() throws Exception {
        Properties options = ServiceSettings.parseArgs(new String[] {"--river.proxy.frontend=tcp://127.0.0.1:*",
            "--river.proxy.backend=tcp://127.0.0.1:*", "--river.proxy.queue-size=123",
            "--river.proxy.management-enabled=false"});
        Main main = ProxyApplication.createMain(options);
        main.start();
        try (ZContext zmq = new ZContext(1)) {
            LeastBusyBroker broker = main.getCamelContext().getRegistry()
                    .lookupByNameAndType(ProxyConfiguration.BROKER_BEAN, LeastBusyBroker.class);
            assertTrue(broker.isStarted(), "the broker starts with the CamelContext");
            assertEquals(123, broker.getSettings().queueSize(), "from the option");
            assertEquals(3000, broker.getSettings().heartbeatLivenessMs(), "from application.properties");
            assertEquals(16 * 1024 * 1024, broker.getSettings().maxMessageSize(), "from application.properties");
            TestClient client = new TestClient(zmq, broker.getFrontendEndpoint(), SocketType.DEALER);
            client.ping();
            client.close();
        } finally {
            main.stop();
        }
        assertTrue(main.getCamelContext() == null || main.getCamelContext().isStopped());
    }

    @Test
    void optionsAreParsedAsKeyValuePairsAndAnythingElseIsRefused() {
        Properties p = ServiceSettings.parseArgs(new String[] {"--river.proxy.queue-size=5", "--a.b=x=y"});
        assertEquals("5", p.getProperty("river.proxy.queue-size"));
        assertEquals("x=y", p.getProperty("a.b"));
        assertNull(ServiceSettings.parseArgs(new String[] {"--help"}));
        assertThrows(IllegalArgumentException.class, () -> ServiceSettings.parseArgs(new String[] {"queue-size=5"}));
    }

    @Test
    void environmentVariableNamesAreTheUpperCasedKeys() {
        assertEquals("RIVER_PROXY_FRONTEND", ServiceSettings.envName(BrokerSettings.FRONTEND));
        assertEquals("RIVER_PROXY_QUEUE_SIZE", ServiceSettings.envName(BrokerSettings.QUEUE_SIZE));
    }

    @Test
    void anInvalidSettingIsReportedByName() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> BrokerSettings.fromLookup(k -> BrokerSettings.QUEUE_SIZE.equals(k) ? "lots" : null));
        assertEquals(BrokerSettings.QUEUE_SIZE, e.getSetting());
        assertEquals("invalid setting river.proxy.queue-size='lots': must be a whole number", e.getMessage());
        e = assertThrows(InvalidSettingException.class,
                () -> BrokerSettings.fromLookup(k -> BrokerSettings.FRONTEND.equals(k) ? "localhost:5555" : null));
        assertEquals(BrokerSettings.FRONTEND, e.getSetting());
        e = assertThrows(InvalidSettingException.class, () -> BrokerSettings.builder().heartbeatIntervalMs(1000)
                .heartbeatLivenessMs(1000).build());
        assertEquals(BrokerSettings.HEARTBEAT_LIVENESS_MS, e.getSetting());
    }
}
