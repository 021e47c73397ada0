package dev.river.component.webrtc.rtcp;

import dev.river.component.webrtc.transport.RtpPackets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpStreamStateTest {

    private static final long MS = 1_000_000L;

    @Test
    void missingPacketsAreNackedThenRecoveredOnArrival() {
        InboundStream stream = new InboundStream(7, 90_000, 0);
        stream.onPacket(65534, 0, 0);
        stream.onPacket(65535, 0, MS);
        stream.onPacket(2, 0, 2 * MS);
        assertArrayEquals(new int[] { 0, 1 }, stream.nacksDue(3 * MS));
        assertArrayEquals(new int[0], stream.nacksDue(4 * MS), "not again before the retry interval");
        assertTrue(stream.onPacket(0, 0, 5 * MS), "a NACKed packet that arrives counts as recovered");
        assertArrayEquals(new int[] { 1 }, stream.nacksDue(60 * MS));
        assertEquals(1, stream.recovered());
        assertArrayEquals(new int[0], stream.nacksDue(2_000 * MS), "given up after a second");
        assertEquals(1, stream.givenUp());
    }

    @Test
    void theReceiverReportCountsLossAndTheWrap() {
        InboundStream stream = new InboundStream(7, 90_000, 0);
        for (int seq : new int[] { 65533, 65534, 0, 1 }) {
            stream.onPacket(seq, 0, 0);
        }
        RtcpPackets.ReportBlock block = stream.reportBlock(MS);
        assertEquals(1, block.cumulativeLost());
        assertEquals(0x10001L, block.extendedHighestSeq());
        assertEquals(51, block.fractionLost());
    }

    @Test
    void outgoingSequenceNumbersStayContiguousAndTimestampsShiftByTheOffset() {
        OutboundStream out = new OutboundStream(0xCAFEL, 1000, 108, 16);
        byte[] first = out.rewrite(packet(10, 90_000), 0, 20, 0);
        byte[] second = out.rewrite(packet(15, 93_000), 0, 20, 0);
        assertEquals((RtpPackets.sequenceNumber(first, 0) + 1) & 0xFFFF, RtpPackets.sequenceNumber(second, 0));
        assertEquals(91_000, RtpPackets.timestamp(first, 0));
        assertEquals(0xCAFEL, RtpPackets.ssrc(second, 0));
        assertEquals(108, RtpPackets.payloadType(second, 0));
        assertTrue(RtpPackets.marker(second, 0));
        assertArrayEquals(second, out.retransmission(RtpPackets.sequenceNumber(second, 0)));
    }

    @Test
    void theRetransmissionBufferForgetsOverwrittenSlots() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(4);
        buffer.store(1, new byte[] { 1 });
        buffer.store(5, new byte[] { 5 });
        assertNull(buffer.get(1));
        assertEquals(5, buffer.get(5)[0]);
    }

    private static byte[] packet(int seq, long ts) {
        byte[] p = new byte[20];
        p[0] = (byte) 0x80;
        p[1] = (byte) (0x80 | 96);
        RtpPackets.setSequenceNumber(p, 0, seq);
        RtpPackets.setTimestamp(p, 0, ts);
        RtpPackets.setSsrc(p, 0, 1234);
        return p;
    }
}
