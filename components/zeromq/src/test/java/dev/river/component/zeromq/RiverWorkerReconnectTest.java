package dev.river.component.zeromq;

import java.util.List;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker whose broker dies and comes back on the same port reconnects by itself and says READY again.
 */
class RiverWorkerReconnectTest extends ZeroMQTestSupport {

    private final FakeBroker broker = new FakeBroker(port);

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("zeromq:" + address() + "?protocol=worker&workerName=w2&models=echo"
                     + "&heartbeatInterval=50&heartbeatLiveness=300&reconnectInterval=50")
                        .transform(simple("re:${bodyAs(String)}"));
            }
        };
    }

    @Override
    protected void doPostTearDown() throws Exception {
        broker.close();
    }

    @Test
    void silentBrokerMakesTheWorkerReconnectAndSayReadyAgain() {
        assertNotNull(broker.receiveCommand(RiverProtocol.READY, 5000));
        broker.closeSocket();
        broker.bind();

        List<byte[]> ready = broker.receiveCommand(RiverProtocol.READY, 5000);
        assertNotNull(ready, "no READY after the broker came back");
        assertEquals("w2", text(ready.get(4)));
        ZeroMQEndpoint endpoint = (ZeroMQEndpoint) context.getRoutes().get(0).getEndpoint();
        assertTrue(endpoint.getReconnects() >= 1);

        broker.sendRequest(ready.get(0), 5, "echo", System.currentTimeMillis() + 60_000, "{}", bytes("x"));
        List<byte[]> reply = broker.receiveCommand(RiverProtocol.REPLY, 5000);
        assertNotNull(reply);
        assertEquals("re:x", text(reply.get(7)));
    }
}
