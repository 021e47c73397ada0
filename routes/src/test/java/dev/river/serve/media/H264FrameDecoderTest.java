package dev.river.serve.media;

import java.util.List;

import dev.river.component.rtp.RtpConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H264FrameDecoderTest {

    private final DecoderCounters counters = new DecoderCounters();
    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    private static List<FfmpegFixtures.AccessUnit> accessUnits(FfmpegFixtures.Clip clip) {
        return FfmpegFixtures.capture(clip, 1200).accessUnits();
    }

    private Exchange accessUnitExchange(FfmpegFixtures.AccessUnit au, String streamId) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(au.data());
        exchange.getIn().setHeader(RtpConstants.STREAM_ID, streamId);
        exchange.getIn().setHeader(RtpConstants.TIMESTAMP, au.timestamp());
        exchange.getIn().setHeader(MediaHeaders.KEYFRAME, au.keyframe());
        return exchange;
    }

    @Test
    void letterboxesToTheModelInputAndCarriesTheGeometryInHeaders() {
        FfmpegFixtures.AccessUnit idr = accessUnits(FfmpegFixtures.inBandClip()).get(0);
        H264FrameDecoder decoder = new H264FrameDecoder(FrameFormat.letterbox, 128, 128);
        Exchange exchange = accessUnitExchange(idr, "s1");
        decoder.process(exchange);
        decoder.stop();

        byte[] rgb = exchange.getIn().getBody(byte[].class);
        assertEquals(128 * 128 * 3, rgb.length);
        assertEquals("rgb24", exchange.getIn().getHeader(MediaHeaders.PIXEL_FORMAT));
        assertEquals(128, exchange.getIn().getHeader(MediaHeaders.WIDTH));
        assertEquals(320, exchange.getIn().getHeader(MediaHeaders.SOURCE_WIDTH));
        assertEquals(240, exchange.getIn().getHeader(MediaHeaders.SOURCE_HEIGHT));
        assertEquals(0.4, exchange.getIn().getHeader(MediaHeaders.SCALE, Double.class), 1e-9);
        assertEquals(0, exchange.getIn().getHeader(MediaHeaders.PAD_X));
        assertEquals(16, exchange.getIn().getHeader(MediaHeaders.PAD_Y));
        // the bars are black, the picture (96 rows) is not
        for (int row : new int[] { 0, 15, 112, 127 }) {
            for (int i = row * 128 * 3; i < (row + 1) * 128 * 3; i++) {
                assertEquals(0, rgb[i], "bar row " + row);
            }
        }
        long picture = 0;
        for (int i = 16 * 128 * 3; i < 112 * 128 * 3; i++) {
            picture += rgb[i] & 0xFF;
        }
        assertTrue(picture / (96 * 128 * 3) > 20, "the picture area holds the picture");
    }

    @Test
    void letterboxMatchesTheFullFrameScaledDown() {
        FfmpegFixtures.AccessUnit idr = accessUnits(FfmpegFixtures.inBandClip()).get(0);
        DecodedFrame boxed;
        DecodedFrame full;
        // area filtering is a 2x2 box mean at this scale: the letterboxed picture must sit exactly where it should
        try (H264StreamDecoder a = new H264StreamDecoder(FrameFormat.letterbox, 160, 160, 1, ScaleAlgorithm.area,
                counters);
             H264StreamDecoder b = new H264StreamDecoder(FrameFormat.rgb24, 0, 0, 1, counters)) {
            boxed = a.decode(idr.data(), idr.data().length, idr.timestamp(), true);
            full = b.decode(idr.data(), idr.data().length, idr.timestamp(), true);
        }
        // 320x240 -> 160x120 at padY 20: each model pixel is about the mean of a 2x2 source block
        assertEquals(0.5, boxed.geometry().scale(), 1e-9);
        assertEquals(20, boxed.geometry().padY());
        long error = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                for (int c = 0; c < 3; c++) {
                    int mean = 0;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            mean += full.pixels()[((2 * y + dy) * 320 + 2 * x + dx) * 3 + c] & 0xFF;
                        }
                    }
                    error += Math.abs(mean / 4 - (boxed.pixels()[((y + 20) * 160 + x) * 3 + c] & 0xFF));
                }
            }
        }
        assertTrue(error / (160.0 * 120 * 3) < 6, "mean error " + error / (160.0 * 120 * 3));
    }

    @Test
    void followsAResolutionChangeMidStreamWithIdenticalPixels() {
        FfmpegFixtures.Clip large = FfmpegFixtures.inBandClip();
        FfmpegFixtures.Clip small = FfmpegFixtures.smallClip();
        List<FfmpegFixtures.AccessUnit> first = accessUnits(large).subList(0, FfmpegFixtures.GOP);
        List<FfmpegFixtures.AccessUnit> second = accessUnits(small);
        try (H264StreamDecoder decoder = new H264StreamDecoder(FrameFormat.yuv420p, 0, 0, 1, counters)) {
            for (int i = 0; i < first.size(); i++) {
                DecodedFrame frame = decoder.decode(first.get(i).data(), first.get(i).data().length, i, i == 0);
                assertArrayEquals(large.referenceFrames().get(i), frame.pixels(), "320x240 frame " + i);
            }
            for (int i = 0; i < second.size(); i++) {
                DecodedFrame frame = decoder.decode(second.get(i).data(), second.get(i).data().length, 100 + i,
                        second.get(i).keyframe());
                assertEquals(176, frame.geometry().width());
                assertArrayEquals(small.referenceFrames().get(i), frame.pixels(), "176x144 frame " + i);
            }
        }
        assertEquals(1, counters.resolutionChanges());
        assertEquals(first.size() + second.size(), counters.framesDecoded());
    }

    @Test
    void countsADecodeErrorAndResumesAtTheNextKeyframe() {
        FfmpegFixtures.Clip clip = FfmpegFixtures.inBandClip();
        List<FfmpegFixtures.AccessUnit> units = accessUnits(clip);
        byte[] garbage = new byte[2000];
        new java.util.Random(1).nextBytes(garbage);
        garbage[0] = 0;
        garbage[1] = 0;
        garbage[2] = 0;
        garbage[3] = 1;
        garbage[4] = 0x65; // an "IDR" that is noise
        try (H264StreamDecoder decoder = new H264StreamDecoder(FrameFormat.yuv420p, 0, 0, 1, counters)) {
            assertNotNull(decoder.decode(units.get(0).data(), units.get(0).data().length, 0, true));
            assertNull(decoder.decode(garbage, garbage.length, 1, true));
            assertEquals(1, counters.decodeErrors());
            for (int i = 1; i < FfmpegFixtures.GOP; i++) {
                assertNull(decoder.decode(units.get(i).data(), units.get(i).data().length, i, false));
            }
            assertEquals(FfmpegFixtures.GOP - 1, counters.framesSkipped());
            FfmpegFixtures.AccessUnit idr = units.get(FfmpegFixtures.GOP);
            DecodedFrame frame = decoder.decode(idr.data(), idr.data().length, 10, true);
            assertArrayEquals(clip.referenceFrames().get(FfmpegFixtures.GOP), frame.pixels());
        }
    }

    /** Resident memory outside the Java heap. */
    private static long nativeBytes() {
        System.gc();
        return Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
    }

    @Test
    void releasesNativeMemoryWhenStreamsEnd() {
        FfmpegFixtures.AccessUnit idr = accessUnits(FfmpegFixtures.inBandClip()).get(0);
        // a large model input, so that any buffer left behind per stream is large (1 MiB for the output alone)
        H264FrameDecoder decoder = new H264FrameDecoder(FrameFormat.letterbox, 640, 640);
        int warmUp = 1000;
        int streams = 3000;
        long baseline = 0;
        for (int i = 0; i < streams; i++) {
            if (i == warmUp) {
                baseline = nativeBytes();
            }
            Exchange exchange = accessUnitExchange(idr, "stream-" + i);
            decoder.process(exchange);
            assertFalse(exchange.isRouteStop());
            decoder.endStream("stream-" + i);
        }
        long growth = nativeBytes() - baseline;
        assertEquals(0, decoder.getStreamCount());
        assertEquals(streams, decoder.getCounters().streamsOpened());
        assertEquals(streams, decoder.getCounters().streamsClosed());
        // one leaked decoder holds its frame pool and 1.2 MiB of output: a leak would show as 2.4 GiB or more here,
        // while allocator, JIT and heap-resizing noise (up to ~140 MiB seen when the suite's other services share
        // the JVM) stays well under this bound
        assertTrue(growth < 512L * 1024 * 1024, "native memory grew by " + growth / 1024 / 1024 + " MiB over "
                                                 + (streams - warmUp) + " streams");
    }
}
