package dev.river.serve.media;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.river.component.rtp.RtpPackets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6184 edge cases with hand-made packets (the FFmpeg-driven tests cover real streams). */
class H264StreamReassemblerTest {

    private static final byte[] SPS = { 0x67, 0x42, (byte) 0xC0, 0x0D, 0x01 };
    private static final byte[] PPS = { 0x68, (byte) 0xCE, 0x0F };
    private static final byte[] IDR = { 0x65, (byte) 0x88, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 };
    private static final byte[] SLICE = { 0x41, (byte) 0x9A, 0x11, 0x12 };

    private final H264ReassemblyCounters counters = new H264ReassemblyCounters();
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Boolean> keyframes = new ArrayList<>();
    private final H264StreamReassembler reassembler = new H264StreamReassembler(8, 1_000_000_000L, 0, counters,
            au -> {
                frames.add(au.toByteArray());
                keyframes.add(au.keyframe());
            });
    private long now = 1;

    private static byte[] rtp(int seq, long ts, boolean marker, byte[]... payloadParts) {
        int length = 0;
        for (byte[] part : payloadParts) {
            length += part.length;
        }
        byte[] p = new byte[12 + length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | 96);
        RtpPackets.setSequenceNumber(p, 0, seq);
        RtpPackets.setTimestamp(p, 0, ts);
        RtpPackets.setSsrc(p, 0, 42);
        int i = 12;
        for (byte[] part : payloadParts) {
            System.arraycopy(part, 0, p, i, part.length);
            i += part.length;
        }
        return p;
    }

    private static byte[] stapA(byte[]... nals) {
        int length = 1;
        for (byte[] nal : nals) {
            length += 2 + nal.length;
        }
        byte[] stap = new byte[length];
        stap[0] = 24;
        int i = 1;
        for (byte[] nal : nals) {
            stap[i] = (byte) (nal.length >> 8);
            stap[i + 1] = (byte) nal.length;
            System.arraycopy(nal, 0, stap, i + 2, nal.length);
            i += 2 + nal.length;
        }
        return stap;
    }

    /** FU-A fragments of a NAL unit, {@code size} bytes of NAL payload each. */
    private static List<byte[]> fuA(byte[] nal, int size) {
        List<byte[]> fragments = new ArrayList<>();
        for (int i = 1; i < nal.length; i += size) {
            int n = Math.min(size, nal.length - i);
            byte[] f = new byte[2 + n];
            f[0] = (byte) ((nal[0] & 0xE0) | 28);
            f[1] = (byte) ((i == 1 ? 0x80 : 0) | (i + n >= nal.length ? 0x40 : 0) | (nal[0] & 0x1F));
            System.arraycopy(nal, i, f, 2, n);
            fragments.add(f);
        }
        return fragments;
    }

    private static byte[] annexB(byte[]... nals) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] { 0, 0, 0, 1 });
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    private boolean push(byte[] packet) {
        return reassembler.push(packet, 0, packet.length, now++);
    }

    @Test
    void buildsAnAccessUnitFromStapAAndFuAPackets() {
        List<byte[]> fragments = fuA(IDR, 3);
        push(rtp(1, 100, false, stapA(SPS, PPS)));
        for (int i = 0; i < fragments.size(); i++) {
            push(rtp(2 + i, 100, i == fragments.size() - 1, fragments.get(i)));
        }
        assertEquals(1, frames.size());
        assertArrayEquals(annexB(SPS, PPS, IDR), frames.get(0));
        assertTrue(keyframes.get(0));
    }

    @Test
    void endsAnAccessUnitOnATimestampChangeWhenTheMarkerIsMissing() {
        push(rtp(1, 100, false, stapA(SPS, PPS, IDR)));
        push(rtp(2, 200, false, SLICE));
        assertEquals(1, frames.size());
        push(rtp(3, 300, true, SLICE));
        assertEquals(3, frames.size());
        assertArrayEquals(annexB(SLICE), frames.get(1));
        assertFalse(keyframes.get(1));
    }

    @Test
    void putsCachedParameterSetsInFrontOfAnIdrThatLacksThem() {
        push(rtp(1, 100, true, stapA(SPS, PPS, IDR)));
        push(rtp(2, 200, true, IDR));
        assertArrayEquals(annexB(SPS, PPS, IDR), frames.get(1));
    }

    @Test
    void acceptsParameterSetsFromSdpSprop() {
        reassembler.setSpropParameterSets(
                Base64.getEncoder().encodeToString(SPS) + "," + Base64.getEncoder().encodeToString(PPS));
        push(rtp(1, 100, true, IDR));
        assertArrayEquals(annexB(SPS, PPS, IDR), frames.get(0));
    }

    @Test
    void skipsFramesUntilTheFirstIdrAndAsksForOne() {
        assertTrue(push(rtp(1, 100, true, SLICE)));
        assertEquals(1, counters.framesSkipped());
        push(rtp(2, 200, true, stapA(SPS, PPS, IDR)));
        assertEquals(1, frames.size());
    }

    @Test
    void dropsAFrameWithAMissingFragmentAndAsksForAKeyframe() {
        push(rtp(1, 100, true, stapA(SPS, PPS, IDR)));
        List<byte[]> fragments = fuA(SLICE, 1);
        push(rtp(2, 200, false, fragments.get(0)));
        // fragment 1 (seq 3) lost: seq 4..11 fill the window, so 3 is given up
        boolean asked = false;
        for (int i = 2; i < fragments.size(); i++) {
            asked |= push(rtp(2 + i, 200, i == fragments.size() - 1, fragments.get(i)));
        }
        for (int seq = 5; seq < 13; seq++) {
            asked |= push(rtp(seq, 100L * seq, true, SLICE));
        }
        assertTrue(asked);
        assertEquals(1, counters.lost());
        assertEquals(1, counters.framesIncomplete());
        assertEquals(1, frames.size(), "nothing after the loss until an IDR");
        assertTrue(counters.framesSkipped() > 0);
        push(rtp(13, 5000, true, IDR));
        assertEquals(2, frames.size());
    }

    @Test
    void reordersAcrossTheSequenceWrapAndDropsDuplicates() {
        push(rtp(65534, 100, false, stapA(SPS, PPS)));
        push(rtp(0, 100, false, fuA(IDR, 3).get(1)));
        push(rtp(65535, 100, false, fuA(IDR, 3).get(0)));
        push(rtp(65535, 100, false, fuA(IDR, 3).get(0)));
        push(rtp(1, 100, true, fuA(IDR, 3).get(2)));
        push(rtp(1, 100, true, fuA(IDR, 3).get(2)));
        assertEquals(1, frames.size());
        assertArrayEquals(annexB(SPS, PPS, IDR), frames.get(0));
        assertEquals(1, counters.reordered());
        assertEquals(2, counters.duplicates());
        assertEquals(0, counters.lost());
    }

    @Test
    void countsMalformedPayloadsAndDropsTheirFrames() {
        push(rtp(1, 100, true, stapA(SPS, PPS, IDR)));
        push(rtp(2, 200, true, new byte[] { (byte) 0x9C, (byte) 0x81, 1 })); // FU indicator with forbidden bit
        push(rtp(3, 300, true, new byte[] { 0x7C, 0x41, 1 })); // FU end without start
        push(rtp(4, 400, true, new byte[] { 24, 0, 9, 0x41 })); // STAP-A length past the end
        push(rtp(5, 500, true, new byte[] { 0x7C, (byte) 0xC1, 1 })); // FU with both start and end
        push(rtp(6, 600, true)); // empty payload
        push(rtp(7, 700, true, new byte[] { 0 })); // NAL type 0
        push(new byte[] { (byte) 0x80, 96, 0, 8 }); // truncated RTP header
        assertEquals(7, counters.malformed());
        assertEquals(6, counters.framesIncomplete());
        assertEquals(1, frames.size());
    }

    @Test
    void countsAndIgnoresInterleavedModePackets() {
        push(rtp(1, 100, true, stapA(SPS, PPS, IDR)));
        push(rtp(2, 200, true, new byte[] { 25, 0, 0, 0, 2, 0x41, 0 })); // STAP-B
        push(rtp(3, 300, true, new byte[] { 26, 0, 0 })); // MTAP16
        push(rtp(4, 400, true, new byte[] { 29, (byte) 0x81, 0, 0 })); // FU-B
        assertEquals(3, counters.unsupported());
        assertEquals(1, frames.size());
    }
}
