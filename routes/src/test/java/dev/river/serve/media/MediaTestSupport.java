package dev.river.serve.media;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.river.component.rtp.RtpConstants;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media pipeline as river-serve runs it ({@code rtp:} consumer, H264 reassembly, decode) with full-frame
 * yuv420p output so every decoded frame can be compared with FFmpeg's own decode, and a paced UDP sender that
 * replays captured (and manipulated) RTP packets into it.
 */
abstract class MediaTestSupport extends CamelTestSupport {

    protected final int port = freeUdpPort();
    protected final H264Reassembler reassembler = new H264Reassembler();
    protected final H264FrameDecoder decoder = new H264FrameDecoder(FrameFormat.yuv420p, 0, 0);

    static int freeUdpPort() {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtp:udp://127.0.0.1:" + port + "?payloadType=96").routeId("rtp")
                        .split(method(reassembler, "accessUnits"))
                            .process(decoder)
                            .to("mock:frames")
                        .end();
            }
        };
    }

    /**
     * Sends the packets to the rtp: consumer at a paced rate and waits until the route has processed every one that
     * is a valid RTP packet.
     */
    protected void replay(List<byte[]> packets, int validPackets) throws Exception {
        // packet exchanges only, not the access unit exchanges the splitter makes from them
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("rtp")
                .filter(e -> e.getProperty(Exchange.SPLIT_INDEX) == null).whenDone(validPackets).create();
        try (DatagramChannel channel = DatagramChannel.open()) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
            for (byte[] packet : packets) {
                channel.send(ByteBuffer.wrap(packet), to);
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(40));
            }
        }
        assertTrue(done.matches(20, TimeUnit.SECONDS), "the route did not process all " + validPackets + " packets");
    }

    protected void replay(List<byte[]> packets) throws Exception {
        replay(packets, packets.size());
    }

    /** The decoded frames by frame index (from their RTP timestamps). */
    protected TreeMap<Integer, byte[]> decodedFrames(FfmpegFixtures.Capture capture) {
        TreeMap<Integer, byte[]> frames = new TreeMap<>();
        for (Exchange e : getMockEndpoint("mock:frames").getExchanges()) {
            int index = capture.frameIndex(e.getIn().getHeader(RtpConstants.TIMESTAMP, Long.class));
            byte[] previous = frames.put(index, e.getIn().getBody(byte[].class));
            assertTrue(previous == null, "frame " + index + " decoded twice");
        }
        return frames;
    }

    /** Every decoded frame is pixel-identical to FFmpeg's decode of the same frame. */
    protected void assertIdenticalToFfmpeg(FfmpegFixtures.Capture capture, TreeMap<Integer, byte[]> frames) {
        List<byte[]> reference = capture.clip().referenceFrames();
        for (var frame : frames.entrySet()) {
            assertTrue(frame.getKey() < reference.size(), "frame index " + frame.getKey());
            assertArrayEquals(reference.get(frame.getKey()), frame.getValue(),
                    "frame " + frame.getKey() + " differs from FFmpeg's decode");
        }
    }

    /** The index of the frame each packet belongs to. */
    protected static List<Integer> frameOfEachPacket(FfmpegFixtures.Capture capture, List<byte[]> packets) {
        List<Integer> indexes = new ArrayList<>();
        for (byte[] p : packets) {
            indexes.add(capture.frameIndex(dev.river.component.rtp.RtpPackets.timestamp(p, 0)));
        }
        return indexes;
    }

    protected MockEndpoint frames() {
        return getMockEndpoint("mock:frames");
    }
}
