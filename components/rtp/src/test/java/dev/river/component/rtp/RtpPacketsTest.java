package dev.river.component.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketsTest {

    @Test
    void readsTheFixedHeaderFields() {
        byte[] packet = RtpTestSupport.rtp(96, true, 65535, 0xFFFFFFF0L, 0xCAFEBABEL, 20);
        assertEquals(20, RtpPackets.validate(packet, 0, packet.length));
        assertEquals(96, RtpPackets.payloadType(packet, 0));
        assertTrue(RtpPackets.marker(packet, 0));
        assertEquals(65535, RtpPackets.sequenceNumber(packet, 0));
        assertEquals(0xFFFFFFF0L, RtpPackets.timestamp(packet, 0));
        assertEquals(0xCAFEBABEL, RtpPackets.ssrc(packet, 0));
        assertEquals(12, RtpPackets.payloadOffset(packet, 0));
    }

    @Test
    void skipsCsrcsAndHeaderExtensionAndPadding() {
        byte[] packet = RtpTestSupport.rtp(96, false, 1, 1, 1, 8 + 8 + 10 + 3);
        packet[0] = (byte) (0x80 | 0x20 | 0x10 | 2); // padding, extension, 2 CSRCs
        packet[12 + 8 + 2] = 0;
        packet[12 + 8 + 3] = 1; // extension of one 32-bit word
        packet[packet.length - 1] = 3; // 3 bytes of padding
        assertEquals(10, RtpPackets.validate(packet, 0, packet.length));
        assertEquals(12 + 8 + 8, RtpPackets.payloadOffset(packet, 0));
    }

    @Test
    void rejectsWhatIsNotAnRtpPacket() {
        byte[] ok = RtpTestSupport.rtp(96, false, 1, 1, 1, 4);
        assertEquals(RtpPackets.TRUNCATED, RtpPackets.validate(ok, 0, 11));
        byte[] version1 = ok.clone();
        version1[0] = 0x40;
        assertEquals(RtpPackets.BAD_VERSION, RtpPackets.validate(version1, 0, version1.length));
        byte[] tooManyCsrcs = ok.clone();
        tooManyCsrcs[0] = (byte) 0x82;
        assertEquals(RtpPackets.BAD_HEADER_LENGTH, RtpPackets.validate(tooManyCsrcs, 0, tooManyCsrcs.length));
        byte[] longExtension = ok.clone();
        longExtension[0] = (byte) 0x90;
        longExtension[15] = 9;
        assertEquals(RtpPackets.BAD_HEADER_LENGTH, RtpPackets.validate(longExtension, 0, longExtension.length));
        byte[] zeroPadding = ok.clone();
        zeroPadding[0] = (byte) 0xA0;
        zeroPadding[zeroPadding.length - 1] = 0;
        assertEquals(RtpPackets.BAD_PADDING, RtpPackets.validate(zeroPadding, 0, zeroPadding.length));
        zeroPadding[zeroPadding.length - 1] = 5;
        assertEquals(RtpPackets.BAD_PADDING, RtpPackets.validate(zeroPadding, 0, zeroPadding.length));
    }

    @Test
    void tellsRtcpFromRtpOnAMuxedPort() {
        byte[] pli = RtpPackets.pictureLossIndication(1, 2);
        assertTrue(RtpPackets.isRtcp(pli, 0, pli.length));
        byte[] packet = RtpTestSupport.rtp(96, true, 1, 1, 1, 4);
        assertFalse(RtpPackets.isRtcp(packet, 0, packet.length));
    }

    @Test
    void sequenceDistanceIsCorrectAcrossTheWrap() {
        assertEquals(1, RtpPackets.sequenceDistance(65535, 0));
        assertEquals(-1, RtpPackets.sequenceDistance(0, 65535));
        assertEquals(10, RtpPackets.sequenceDistance(65530, 4));
    }
}
