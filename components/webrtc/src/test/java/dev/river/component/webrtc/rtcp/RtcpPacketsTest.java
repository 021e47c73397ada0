package dev.river.component.webrtc.rtcp;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtcpPacketsTest {

    @Test
    void aNackCarriesExactlyTheMissingSequenceNumbersAcrossTheWrap() {
        int[] missing = { 65530, 65535, 0, 3, 40 };
        byte[] nack = RtcpPackets.nack(1, 2, missing);
        List<Integer> parsed = new ArrayList<>();
        assertTrue(RtcpPackets.parse(nack, 0, nack.length, new RtcpPackets.FeedbackHandler() {
            @Override
            public void nack(long mediaSsrc, int[] sequenceNumbers) {
                assertEquals(2, mediaSsrc);
                for (int s : sequenceNumbers) {
                    parsed.add(s);
                }
            }
        }));
        assertEquals(List.of(0, 3, 40, 65530, 65535), parsed.stream().sorted().toList());
    }

    @Test
    void rembEncodesTheBitrateAsMantissaAndExponent() {
        byte[] remb = RtcpPackets.remb(1, 2_500_000, 0xABCDEF01L);
        int exp = (remb[17] & 0xFF) >>> 2;
        long mantissa = ((remb[17] & 0x03L) << 16) | ((remb[18] & 0xFFL) << 8) | (remb[19] & 0xFFL);
        long decoded = mantissa << exp;
        assertTrue(decoded <= 2_500_000 && decoded > 2_490_000, "decoded " + decoded);
        assertEquals('R', remb[12]);
        assertEquals(24, remb.length);
    }

    @Test
    void aCompoundWithPliAndSenderReportIsWalkedInFull() {
        byte[] compound = RtcpPackets.compound(RtcpPackets.senderReport(5, 0x0000123456780000L, 1, 2, 3),
                RtcpPackets.pictureLossIndication(5, 9));
        long[] seen = new long[2];
        assertTrue(RtcpPackets.parse(compound, 0, compound.length, new RtcpPackets.FeedbackHandler() {
            @Override
            public void pictureLoss(long mediaSsrc) {
                seen[0] = mediaSsrc;
            }

            @Override
            public void senderReport(long senderSsrc, long ntpMiddle32) {
                seen[1] = ntpMiddle32;
            }
        }));
        assertArrayEquals(new long[] { 9, 0x12345678L }, seen);
    }

    @Test
    void aLengthThatOverrunsIsMalformed() {
        byte[] pli = RtcpPackets.pictureLossIndication(1, 2);
        pli[3] = 40;
        assertFalse(RtcpPackets.parse(pli, 0, pli.length, new RtcpPackets.FeedbackHandler() {
        }));
    }
}
