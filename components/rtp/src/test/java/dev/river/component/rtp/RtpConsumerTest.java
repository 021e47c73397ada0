package dev.river.component.rtp;

import java.net.DatagramPacket;
import java.net.SocketTimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpConsumerTest extends RtpTestSupport {

    private final int filteredPort = freeUdpPort();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtp:udp://127.0.0.1:" + port + "?sendPli=true&feedbackSsrc=7").routeId("rtp")
                        .process(e -> {
                            if (e.getIn().getHeader(RtpConstants.SEQUENCE_NUMBER, Integer.class) == 666) {
                                e.getIn().setHeader(RtpConstants.KEYFRAME_REQUEST, true);
                            }
                            if (e.getIn().getHeader(RtpConstants.SEQUENCE_NUMBER, Integer.class) == 13) {
                                throw new IllegalStateException("a processor failed");
                            }
                        })
                        .to("mock:packets");
                from("rtp:udp://127.0.0.1:" + filteredPort + "?payloadType=96&streamId=camera-1").routeId("filtered")
                        .to("mock:filtered");
            }
        };
    }

    private RtpStatistics statistics(String routeId) {
        return ((RtpConsumer) context.getRoute(routeId).getConsumer()).getStatistics();
    }

    @Test
    void routesOneExchangePerPacketWithTheParsedHeader() throws Exception {
        MockEndpoint packets = getMockEndpoint("mock:packets");
        packets.expectedMessageCount(2);
        byte[] first = rtp(96, false, 65535, 4000000000L, 0xDEADBEEFL, 1200);
        byte[] second = rtp(96, true, 0, 4000000000L, 0xDEADBEEFL, 3);
        long before = System.nanoTime();
        send(first);
        send(second);
        packets.assertIsSatisfied();

        Exchange exchange = packets.getExchanges().get(0);
        assertArrayEquals(first, exchange.getIn().getBody(byte[].class));
        assertEquals(0xDEADBEEFL, exchange.getIn().getHeader(RtpConstants.SSRC));
        assertEquals(65535, exchange.getIn().getHeader(RtpConstants.SEQUENCE_NUMBER));
        assertEquals(4000000000L, exchange.getIn().getHeader(RtpConstants.TIMESTAMP));
        assertEquals(false, exchange.getIn().getHeader(RtpConstants.MARKER));
        assertEquals(96, exchange.getIn().getHeader(RtpConstants.PAYLOAD_TYPE));
        assertEquals(90000, exchange.getIn().getHeader(RtpConstants.CLOCK_RATE));
        assertEquals(port + "-deadbeef", exchange.getIn().getHeader(RtpConstants.STREAM_ID));
        assertTrue(exchange.getIn().getHeader(RtpConstants.ARRIVAL_NANOS, Long.class) >= before);
        assertNotNull(exchange.getIn().getHeader(RtpConstants.ARRIVAL_MILLIS));
        assertNotNull(exchange.getIn().getHeader(RtpConstants.REMOTE_ADDRESS));
        assertEquals(true, packets.getExchanges().get(1).getIn().getHeader(RtpConstants.MARKER));
        assertEquals(0, packets.getExchanges().get(1).getIn().getHeader(RtpConstants.SEQUENCE_NUMBER));
    }

    @Test
    void dropsAndCountsDatagramsThatAreNotRtpPackets() throws Exception {
        MockEndpoint packets = getMockEndpoint("mock:packets");
        packets.expectedMessageCount(1);
        byte[] valid = rtp(96, true, 5, 1, 1, 10);
        byte[] version1 = valid.clone();
        version1[0] = 0x40;
        byte[] csrcOverflow = valid.clone();
        csrcOverflow[0] = (byte) 0x8F;
        byte[] extensionOverflow = valid.clone();
        extensionOverflow[0] = (byte) 0x90;
        extensionOverflow[14] = (byte) 0xFF;
        byte[] badPadding = valid.clone();
        badPadding[0] = (byte) 0xA0;
        badPadding[badPadding.length - 1] = (byte) 200;
        send(new byte[] { (byte) 0x80, 96, 0, 1 }); // truncated header
        send(new byte[0]);
        send(version1);
        send(csrcOverflow);
        send(extensionOverflow);
        send(badPadding);
        send(rtp(96, false, 6, 1, 1, 1500)); // oversize
        send(RtpPackets.pictureLossIndication(3, 4)); // RTCP on the mux port
        send(valid);
        packets.assertIsSatisfied();

        assertEquals(6, statistics("rtp").getMalformed());
        assertEquals(1, statistics("rtp").getOversize());
        assertEquals(1, statistics("rtp").getRtcp());
        assertEquals(1, statistics("rtp").getPackets());
        assertArrayEquals(valid, packets.getExchanges().get(0).getIn().getBody(byte[].class));
    }

    @Test
    void keepsRoutingAfterAProcessorFails() throws Exception {
        MockEndpoint packets = getMockEndpoint("mock:packets");
        packets.expectedMessageCount(1);
        send(rtp(96, false, 13, 1, 1, 10));
        send(rtp(96, false, 14, 1, 1, 10));
        packets.assertIsSatisfied();
        assertEquals(14, packets.getExchanges().get(0).getIn().getHeader(RtpConstants.SEQUENCE_NUMBER));
    }

    @Test
    void ownsItsPortAlone() {
        assertThrows(java.net.SocketException.class,
                () -> new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", port)).close());
    }

    @Test
    void filtersOtherPayloadTypesAndUsesTheConfiguredStreamId() throws Exception {
        MockEndpoint filtered = getMockEndpoint("mock:filtered");
        filtered.expectedMessageCount(1);
        send(rtp(97, false, 1, 1, 1, 10), filteredPort);
        send(rtp(96, false, 2, 1, 1, 10), filteredPort);
        filtered.assertIsSatisfied();
        assertEquals(1, statistics("filtered").getFiltered());
        assertEquals("camera-1", filtered.getExchanges().get(0).getIn().getHeader(RtpConstants.STREAM_ID));
    }

    @Test
    void answersAKeyframeRequestWithAPictureLossIndication() throws Exception {
        getMockEndpoint("mock:packets").expectedMessageCount(1);
        sender().setSoTimeout(5000);
        send(rtp(96, true, 666, 1, 0x1234, 10));
        DatagramPacket reply = new DatagramPacket(new byte[100], 100);
        try {
            sender().receive(reply);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no PLI came back", e);
        }
        byte[] expected = RtpPackets.pictureLossIndication(7, 0x1234);
        assertEquals(expected.length, reply.getLength());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], reply.getData()[i]);
        }
        assertEquals(1, statistics("rtp").getKeyframeRequests());
    }
}
