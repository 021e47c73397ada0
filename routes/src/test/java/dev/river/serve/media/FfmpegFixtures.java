package dev.river.serve.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.river.component.rtp.RtpPackets;

/**
 * Test material made by the independent tool, the Debian {@code ffmpeg} CLI: H264 clips (libx264, constrained
 * baseline, short GOP), their RTP packets as FFmpeg's own RTP muxer sends them, and FFmpeg's own decode of each
 * clip as reference frames. Made once per JVM under target/media-test.
 */
final class FfmpegFixtures {

    static final Path DIR = Paths.get("target", "media-test");
    static final int FRAMES = 40;
    static final int GOP = 10;
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    /** An encoded clip and FFmpeg's decode of it. */
    record Clip(Path file, int width, int height, List<byte[]> referenceFrames) {
        int frameSize() {
            return width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);
        }
    }

    /** The RTP packets FFmpeg's muxer sent for a clip, in order, and the sprop-parameter-sets of its SDP. */
    record Capture(Clip clip, List<byte[]> packets, String sprop) {
        long firstTimestamp() {
            return RtpPackets.timestamp(packets.get(0), 0);
        }

        /** Frame index of an RTP timestamp: the order in which the timestamps first appear in the capture. */
        int frameIndex(long timestamp) {
            List<Long> order = new ArrayList<>();
            for (byte[] p : packets) {
                long ts = RtpPackets.timestamp(p, 0);
                if (order.isEmpty() || order.get(order.size() - 1) != ts) {
                    order.add(ts);
                }
                if (ts == timestamp) {
                    return order.size() - 1;
                }
            }
            throw new IllegalArgumentException("no frame with RTP timestamp " + timestamp);
        }

        /** The access units of the capture, reassembled (each with RTP timestamp and keyframe flag). */
        List<AccessUnit> accessUnits() {
            List<AccessUnit> units = new ArrayList<>();
            H264StreamReassembler reassembler = new H264StreamReassembler(32, Long.MAX_VALUE, 0,
                    new H264ReassemblyCounters(),
                    au -> units.add(new AccessUnit(au.toByteArray(), au.timestamp(), au.keyframe())));
            reassembler.setSpropParameterSets(sprop);
            long arrival = 0;
            for (byte[] p : packets) {
                reassembler.push(p, 0, p.length, arrival++);
            }
            return units;
        }

        List<byte[]> copyOfPackets() {
            List<byte[]> copy = new ArrayList<>();
            for (byte[] p : packets) {
                copy.add(p.clone());
            }
            return copy;
        }
    }

    record AccessUnit(byte[] data, long timestamp, boolean keyframe) {
    }

    private FfmpegFixtures() {
    }

    /** A 320x240 clip with SPS/PPS in band before every IDR (Annex-B file). */
    static Clip inBandClip() {
        return (Clip) CACHE.computeIfAbsent("inband", k -> encode("inband.h264", 320, 240, FRAMES,
                "-x264-params", "repeat-headers=1"));
    }

    /** A 320x240 clip whose SPS/PPS exist only out of band (MP4 extradata, hence only in the SDP). */
    static Clip outOfBandClip() {
        return (Clip) CACHE.computeIfAbsent("outofband", k -> encode("outofband.mp4", 320, 240, FRAMES));
    }

    /** A 176x144 clip (a resolution change after {@link #inBandClip()}). */
    static Clip smallClip() {
        return (Clip) CACHE.computeIfAbsent("small", k -> encode("small.h264", 176, 144, GOP,
                "-x264-params", "repeat-headers=1"));
    }

    static Capture capture(Clip clip, int packetSize) {
        return (Capture) CACHE.computeIfAbsent(clip.file() + "@" + packetSize, k -> packetize(clip, packetSize));
    }

    static Clip encode(String name, int width, int height, int frames, String... extra) {
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(name);
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f",
                    "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=30", "-frames:v",
                    String.valueOf(frames), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline",
                    "-preset", "veryfast", "-tune", "zerolatency", "-g", String.valueOf(GOP), "-bf", "0"));
            cmd.addAll(Arrays.asList(extra));
            cmd.add(file.toString());
            run(cmd);
            return new Clip(file, width, height, decodeWithFfmpeg(file, width, height));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<byte[]> decodeWithFfmpeg(Path file, int width, int height) throws IOException {
        Path raw = DIR.resolve(file.getFileName() + ".yuv");
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", file.toString(), "-f", "rawvideo",
                "-pix_fmt", "yuv420p", raw.toString()));
        byte[] all = Files.readAllBytes(raw);
        int size = width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i + size <= all.length; i += size) {
            frames.add(Arrays.copyOfRange(all, i, i + size));
        }
        return frames;
    }

    private static Capture packetize(Clip clip, int packetSize) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Capture capture = packetizeOnce(clip, packetSize);
            if (contiguous(capture.packets())) {
                return capture;
            }
        }
        throw new IllegalStateException("could not capture FFmpeg's RTP packets without loss on 127.0.0.1");
    }

    private static Capture packetizeOnce(Clip clip, int packetSize) {
        Path sdp = DIR.resolve(clip.file().getFileName() + "-" + packetSize + ".sdp");
        Process ffmpeg = null;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setReceiveBufferSize(4 * 1024 * 1024);
            socket.setSoTimeout(500);
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
            if (clip.file().toString().endsWith(".h264")) {
                cmd.addAll(List.of("-framerate", "30"));
            }
            cmd.addAll(List.of("-i", clip.file().toString(), "-c", "copy", "-f", "rtp", "-payload_type", "96",
                    "-pkt_size", String.valueOf(packetSize), "-sdp_file", sdp.toString(),
                    "rtp://127.0.0.1:" + socket.getLocalPort()));
            ffmpeg = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(DIR.resolve("ffmpeg-rtp.log").toFile()).start();
            List<byte[]> packets = new ArrayList<>();
            byte[] buffer = new byte[65536];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(datagram);
                    packets.add(Arrays.copyOf(buffer, datagram.getLength()));
                } catch (SocketTimeoutException e) {
                    if (!ffmpeg.isAlive()) {
                        break;
                    }
                }
            }
            if (!ffmpeg.waitFor(10, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg RTP muxer failed: " + cmd);
            }
            return new Capture(clip, packets, sprop(Files.readString(sdp)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (ffmpeg != null && ffmpeg.isAlive()) {
                ffmpeg.destroyForcibly();
            }
        }
    }

    static String sprop(String sdp) {
        Matcher m = Pattern.compile("sprop-parameter-sets=([^;\\s]+)").matcher(sdp);
        return m.find() ? m.group(1) : null;
    }

    private static boolean contiguous(List<byte[]> packets) {
        for (int i = 1; i < packets.size(); i++) {
            int step = RtpPackets.sequenceDistance(RtpPackets.sequenceNumber(packets.get(i - 1), 0),
                    RtpPackets.sequenceNumber(packets.get(i), 0));
            if (step != 1) {
                return false;
            }
        }
        return !packets.isEmpty();
    }

    static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(DIR.resolve("ffmpeg.log").toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timeout: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("failed (" + p.exitValue() + "): " + cmd + "\n"
                                                + Files.readString(DIR.resolve("ffmpeg.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** The NAL unit types carried by a packet's payload (STAP-A expanded, FU-A as its fragment's type). */
    static int nalType(byte[] packet) {
        int offset = RtpPackets.payloadOffset(packet, 0);
        int type = packet[offset] & 0x1F;
        if (type == 28) {
            return packet[offset + 1] & 0x1F;
        }
        if (type == 24) {
            return packet[offset + 3] & 0x1F;
        }
        return type;
    }
}
