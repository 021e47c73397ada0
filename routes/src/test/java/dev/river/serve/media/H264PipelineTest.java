package dev.river.serve.media;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.river.component.rtp.RtpConsumer;
import dev.river.component.rtp.RtpPackets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FFmpeg's RTP muxer sends, river's rtp: consumer receives, reassembles and decodes; every decoded frame must be
 * identical to FFmpeg decoding the same clip, whatever happened to the packets on the way.
 */
class H264PipelineTest extends MediaTestSupport {

    private static final int NORMAL_MTU = 1200;
    private static final int SMALL_MTU = 120;

    private H264ReassemblyCounters counters() {
        return reassembler.getCounters();
    }

    private List<Integer> allFrames() {
        return IntStream.range(0, FfmpegFixtures.FRAMES).boxed().collect(Collectors.toList());
    }

    @Test
    void decodesEveryFrameIdenticallyToFfmpegAtNormalMtu() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.inBandClip(), NORMAL_MTU);
        replay(capture.packets());
        TreeMap<Integer, byte[]> frames = decodedFrames(capture);
        assertEquals(allFrames(), new ArrayList<>(frames.keySet()));
        assertIdenticalToFfmpeg(capture, frames);
        assertEquals(FfmpegFixtures.FRAMES, counters().framesComplete());
        assertEquals(FfmpegFixtures.FRAMES / FfmpegFixtures.GOP, counters().keyframes());
        assertEquals(0, counters().lost() + counters().framesIncomplete() + counters().malformed());
        assertEquals(FfmpegFixtures.FRAMES, decoder.getCounters().framesDecoded());
    }

    @Test
    void decodesEveryFrameIdenticallyToFfmpegWithFuAEverywhere() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.inBandClip(), SMALL_MTU);
        long fuA = capture.packets().stream()
                .filter(p -> (p[RtpPackets.payloadOffset(p, 0)] & 0x1F) == 28).count();
        assertTrue(fuA > capture.packets().size() * 0.9, "FU-A in " + fuA + " of " + capture.packets().size());
        replay(capture.packets());
        TreeMap<Integer, byte[]> frames = decodedFrames(capture);
        assertEquals(allFrames(), new ArrayList<>(frames.keySet()));
        assertIdenticalToFfmpeg(capture, frames);
    }

    @Test
    void decodesAStreamWithoutInBandParameterSetsFromTheSdpSprop() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.outOfBandClip(), NORMAL_MTU);
        assertTrue(capture.packets().stream().noneMatch(p -> FfmpegFixtures.nalType(p) == 7),
                "the clip must carry no SPS in band");
        reassembler.setSpropParameterSets(capture.sprop());
        replay(capture.packets());
        TreeMap<Integer, byte[]> frames = decodedFrames(capture);
        assertEquals(allFrames(), new ArrayList<>(frames.keySet()));
        assertIdenticalToFfmpeg(capture, frames);
    }

    @Test
    void dropsAnIdrThatCannotBeDecodedWithoutTheSdpSprop() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.outOfBandClip(), NORMAL_MTU);
        replay(capture.packets());
        assertEquals(0, frames().getReceivedCounter());
        assertEquals(FfmpegFixtures.FRAMES / FfmpegFixtures.GOP, counters().framesIncomplete());
        assertEquals(FfmpegFixtures.FRAMES - FfmpegFixtures.FRAMES / FfmpegFixtures.GOP, counters().framesSkipped());
    }

    @Test
    void dropsTheFrameWithALostPacketAndRecoversAtTheNextIdr() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.inBandClip(), SMALL_MTU);
        List<byte[]> packets = capture.copyOfPackets();
        List<Integer> frameOf = frameOfEachPacket(capture, packets);
        // lose the second packet of frame 13 (a P-frame in the second GOP: frames 13..19 cannot be decoded)
        int lost = frameOf.indexOf(13) + 1;
        assertEquals(13, frameOf.get(lost));
        packets.remove(lost);
        replay(packets);

        TreeMap<Integer, byte[]> frames = decodedFrames(capture);
        List<Integer> expected = allFrames();
        expected.removeAll(List.of(13, 14, 15, 16, 17, 18, 19));
        assertEquals(expected, new ArrayList<>(frames.keySet()));
        assertIdenticalToFfmpeg(capture, frames);
        assertEquals(1, counters().lost());
        assertEquals(1, counters().framesIncomplete());
        assertEquals(6, counters().framesSkipped());
        assertEquals(FfmpegFixtures.FRAMES - 7, counters().framesComplete());
        assertTrue(counters().keyframeRequests() >= 1);
    }

    @Test
    void losingTheLastPacketOfTheFrameBeforeAnIdrStillDecodesThatIdr() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.inBandClip(), SMALL_MTU);
        List<byte[]> packets = capture.copyOfPackets();
        List<Integer> frameOf = frameOfEachPacket(capture, packets);
        int lost = frameOf.lastIndexOf(19); // the marker packet of frame 19; frame 20 is an IDR
        packets.remove(lost);
        replay(packets);

        TreeMap<Integer, byte[]> frames = decodedFrames(capture);
        List<Integer> expected = allFrames();
        expected.remove(Integer.valueOf(19));
        assertEquals(expected, new ArrayList<>(frames.keySet()));
        assertIdenticalToFfmpeg(capture, frames);
        assertEquals(1, counters().lost());
        assertEquals(1, counters().framesIncomplete());
        assertEquals(0, counters().framesSkipped());
    }

    @Test
    void putsReorderedAndDuplicatedPacketsBackInOrder() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.inBandClip(), SMALL_MTU);
        List<byte[]> packets = capture.copyOfPackets();
        int swaps = 0;
        for (int i = 10; i + 3 < packets.size(); i += 25) {
            Collections.swap(packets, i, i + 3); // one packet overtakes three
            swaps++;
        }
        List<byte[]> withDuplicates = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < packets.size(); i++) {
            withDuplicates.add(packets.get(i));
            if (i % 17 == 5) {
                withDuplicates.add(packets.get(i).clone());
                duplicates++;
            }
        }
        replay(withDuplicates);

        TreeMap<Integer, byte[]> frames = decodedFrames(capture);
        assertEquals(allFrames(), new ArrayList<>(frames.keySet()));
        assertIdenticalToFfmpeg(capture, frames);
        assertEquals(duplicates, counters().duplicates());
        assertEquals(3L * swaps, counters().reordered());
        assertEquals(0, counters().lost() + counters().framesIncomplete() + counters().framesSkipped());
    }

    @Test
    void decodesAcrossTheSequenceNumberWrap() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.inBandClip(), SMALL_MTU);
        List<byte[]> packets = capture.copyOfPackets();
        int first = 65536 - packets.size() / 2;
        for (int i = 0; i < packets.size(); i++) {
            RtpPackets.setSequenceNumber(packets.get(i), 0, (first + i) & 0xFFFF);
        }
        Collections.swap(packets, packets.size() / 2 - 1, packets.size() / 2); // 65535 and 0 swapped
        replay(packets);

        TreeMap<Integer, byte[]> frames = decodedFrames(capture);
        assertEquals(allFrames(), new ArrayList<>(frames.keySet()));
        assertIdenticalToFfmpeg(capture, frames);
        assertEquals(1, counters().reordered());
        assertEquals(0, counters().lost() + counters().resyncs() + counters().framesIncomplete());
    }

    @Test
    void dropsAndCountsMalformedPacketsWithoutStoppingTheRoute() throws Exception {
        FfmpegFixtures.Capture capture = FfmpegFixtures.capture(FfmpegFixtures.inBandClip(), SMALL_MTU);
        List<byte[]> packets = capture.copyOfPackets();
        List<Integer> frameOf = frameOfEachPacket(capture, packets);
        // RTP-level garbage, dropped by the consumer
        List<byte[]> sent = new ArrayList<>(packets);
        sent.add(5, new byte[] { (byte) 0x80, 96, 1 }); // truncated header
        sent.add(9, "GET / HTTP/1.1\r\n\r\n".getBytes()); // garbage
        sent.add(12, new byte[1400 + 200]); // oversize
        // H264-level damage inside frames 22 and 33: the start of a fragmented NAL unit loses its S bit (so its
        // middle and end fragments come without a start), and an FU indicator gets the forbidden bit
        int fuStart = IntStream.range(0, packets.size())
                .filter(i -> frameOf.get(i) == 22 && isFuStart(packets.get(i))).findFirst().orElseThrow();
        byte[] start = packets.get(fuStart);
        start[RtpPackets.payloadOffset(start, 0) + 1] &= 0x7F;
        assertEquals(33, frameOf.get(frameOf.indexOf(33) + 1));
        byte[] forbidden = packets.get(frameOf.indexOf(33) + 1);
        forbidden[RtpPackets.payloadOffset(forbidden, 0)] |= (byte) 0x80;
        replay(sent, packets.size());

        RtpConsumer consumer = (RtpConsumer) context.getRoute("rtp").getConsumer();
        assertEquals(2, consumer.getStatistics().getMalformed());
        assertEquals(1, consumer.getStatistics().getOversize());
        TreeMap<Integer, byte[]> frames = decodedFrames(capture);
        List<Integer> expected = allFrames();
        expected.removeAll(List.of(22, 23, 24, 25, 26, 27, 28, 29, 33, 34, 35, 36, 37, 38, 39));
        assertEquals(expected, new ArrayList<>(frames.keySet()));
        assertIdenticalToFfmpeg(capture, frames);
        assertEquals(2, counters().framesIncomplete());
        assertTrue(counters().malformed() >= 2);
        assertEquals(0, counters().lost());
    }

    private static boolean isFuStart(byte[] p) {
        int payload = RtpPackets.payloadOffset(p, 0);
        return (p[payload] & 0x1F) == 28 && (p[payload + 1] & 0x80) != 0;
    }
}
