package dev.river.component.zeromq;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * protocol=raw over real sockets: PUSH/PULL, PUB/SUB, REQ/REP and ROUTER InOut.
 */
class RawSocketsTest extends ZeroMQTestSupport {

    private final int pubPort = freePort();
    private final int repPort = freePort();
    private final int routerPort = freePort();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("zeromq:" + address() + "?socketType=PULL&bind=true").to("mock:pulled");
                from("zeromq:tcp://127.0.0.1:" + pubPort + "?socketType=SUB&topics=news").to("mock:news");
                from("zeromq:tcp://127.0.0.1:" + repPort + "?socketType=REP&bind=true")
                        .transform(simple("echo:${bodyAs(String)}"));
                from("zeromq:tcp://127.0.0.1:" + routerPort + "?socketType=ROUTER&bind=true&exchangePattern=InOut")
                        .to("mock:routed")
                        .transform(simple("to:${bodyAs(String)}"));
            }
        };
    }

    @Test
    void pushedMessagesArePulledInOrder() throws Exception {
        MockEndpoint pulled = getMockEndpoint("mock:pulled");
        pulled.expectedBodiesReceived(bytes("one"), bytes("two"), bytes("three"));
        String push = "zeromq:" + address() + "?socketType=PUSH";
        template.sendBody(push, "one");
        template.sendBody(push, bytes("two"));
        template.sendBody(push, "three");
        pulled.assertIsSatisfied();
    }

    @Test
    void aListBodyTravelsAsOneMultipartMessage() throws Exception {
        MockEndpoint pulled = getMockEndpoint("mock:pulled");
        pulled.expectedMessageCount(1);
        template.sendBody("zeromq:" + address() + "?socketType=PUSH", List.of(bytes("a"), "b"));
        pulled.assertIsSatisfied();
        List<?> frames = assertInstanceOf(List.class, pulled.getExchanges().get(0).getIn().getBody());
        assertEquals(2, frames.size());
        assertArrayEquals(bytes("a"), (byte[]) frames.get(0));
        assertArrayEquals(bytes("b"), (byte[]) frames.get(1));
    }

    @Test
    void subscribersGetOnlyTheirTopics() throws Exception {
        MockEndpoint news = getMockEndpoint("mock:news");
        String pub = "zeromq:tcp://127.0.0.1:" + pubPort + "?socketType=PUB&bind=true";
        // PUB drops messages until the subscription has arrived: publish until the first one gets through
        for (int i = 0; i < 500 && news.getReceivedCounter() == 0; i++) {
            template.sendBody(pub, "news:hello");
            Thread.sleep(10);
        }
        assertTrue(news.getReceivedCounter() > 0, "the subscriber connected");
        news.reset();
        NotifyBuilder lastArrived = new NotifyBuilder(context).wereSentTo("mock:news")
                .filter(e -> Arrays.equals(e.getIn().getBody(byte[].class), bytes("news:last"))).whenDone(1).create();
        template.sendBody(pub, "sports:skipped");
        template.sendBody(pub, "news:last");
        // a "news:hello" still on its way may arrive first; one connection keeps the order, so once "news:last"
        // is in, "sports:skipped" has been filtered or not
        assertTrue(lastArrived.matches(10, TimeUnit.SECONDS), "news:last reached the subscriber");
        for (Exchange e : news.getReceivedExchanges()) {
            assertFalse(Arrays.equals(e.getIn().getBody(byte[].class), bytes("sports:skipped")),
                    "a message of a topic not subscribed to was delivered");
        }
    }

    @Test
    void repliesComeBackToTheRequester() {
        String req = "zeromq:tcp://127.0.0.1:" + repPort + "?socketType=REQ";
        assertEquals("echo:hi", template.requestBody(req, "hi", String.class));
        assertEquals("echo:again", template.requestBody(req, "again", String.class));
    }

    @Test
    void aRouterAnswersEachPeerByItsIdentity() throws Exception {
        MockEndpoint routed = getMockEndpoint("mock:routed");
        routed.expectedMessageCount(2);
        String dealer = "zeromq:tcp://127.0.0.1:" + routerPort + "?socketType=DEALER&identity=";
        assertEquals("to:from-a", template.requestBody(dealer + "a", "from-a", String.class));
        assertEquals("to:from-b", template.requestBody(dealer + "b", "from-b", String.class));
        routed.assertIsSatisfied();
        Exchange first = routed.getExchanges().get(0);
        assertArrayEquals(bytes("a"), first.getIn().getHeader(ZeroMQConstants.IDENTITY, byte[].class));
        assertArrayEquals(bytes("b"), routed.getExchanges().get(1).getIn().getHeader(ZeroMQConstants.IDENTITY,
                byte[].class));
    }
}
