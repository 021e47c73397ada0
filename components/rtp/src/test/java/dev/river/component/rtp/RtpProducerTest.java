package dev.river.component.rtp;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RtpProducerTest extends RtpTestSupport {

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("rtp:udp://127.0.0.1:" + port);
                from("rtp:udp://127.0.0.1:" + port).to("mock:received");
            }
        };
    }

    @Test
    void sendsEachBodyAsOneDatagramThatTheConsumerRoutesUnchanged() throws Exception {
        MockEndpoint received = getMockEndpoint("mock:received");
        received.expectedMessageCount(3);
        byte[][] sent = { rtp(96, false, 1, 90, 5, 1200), rtp(96, false, 2, 90, 5, 1200), rtp(96, true, 3, 90, 5, 7) };
        for (byte[] packet : sent) {
            template.sendBody("direct:send", packet);
        }
        received.assertIsSatisfied();
        for (int i = 0; i < sent.length; i++) {
            assertArrayEquals(sent[i], received.getExchanges().get(i).getIn().getBody(byte[].class));
        }
    }

    @Test
    void refusesABodyThatIsNotAnRtpPacket() {
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.sendBody("direct:send", new byte[] { 1, 2, 3 }));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }
}
