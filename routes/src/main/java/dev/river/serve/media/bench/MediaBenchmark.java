package dev.river.serve.media.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.river.component.rtp.RtpPackets;
import dev.river.serve.media.DecodedFrame;
import dev.river.serve.media.DecoderCounters;
import dev.river.serve.media.FrameFormat;
import dev.river.serve.media.H264ReassemblyCounters;
import dev.river.serve.media.H264StreamDecoder;
import dev.river.serve.media.H264StreamReassembler;
import dev.river.serve.media.ScaleAlgorithm;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import dev.river.main.BenchMachine;

import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;

/**
 * {@code ./river bench media}: H264 reassembly packets/s on one thread (and bytes allocated per packet), and decode
 * + letterbox to the model input frames/s at 640x480 and 1280x720 side by side with the {@code ffmpeg} CLI decoding
 * the same stream on one thread. Prints a markdown table. Bounded: about half a minute.
 */
public final class MediaBenchmark {

    private static final int PACKET_SIZE = 1200;
    private static final int PACKETS_PER_FRAME = 10;
    private static final int RUNS = 5;

    private MediaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int packets = 5_000_000;
        int frames = 600;
        int modelSize = 128;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--packets" -> packets = Integer.parseInt(args[i + 1]);
                case "--frames" -> frames = Integer.parseInt(args[i + 1]);
                case "--model-size" -> modelSize = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("usage: ./river bench media [--packets N] [--frames N] [--model-size S]");
                    System.exit(2);
                }
            }
        }
        StringBuilder report = new StringBuilder();
        report.append("## river media benchmark\n\n");
        report.append("- command: `./river bench media --packets ").append(packets).append(" --frames ").append(frames)
                .append(" --model-size ").append(modelSize).append("`\n");
        report.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(BenchMachine.cpuModel()).append("\n");
        report.append("- java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append("\n");
        report.append("- FFmpeg in river: libavcodec ").append(version(avcodec.avcodec_version()))
                .append(" (Bytedeco); CLI: ").append(ffmpegCliVersion()).append("\n\n");

        System.err.println("reassembly: " + packets + " packets of " + PACKET_SIZE + " bytes ...");
        double[] reassembly = reassembly(packets);
        report.append("### H264 reassembly (RTP FU-A, ").append(PACKET_SIZE).append("-byte packets, ")
                .append(PACKETS_PER_FRAME).append(" per frame, one thread)\n\n");
        report.append("| packets | packets/s | bytes allocated per packet | target |\n|---|---|---|---|\n");
        report.append(String.format(Locale.ROOT, "| %,d | %,.0f | %.2f | >= 1,000,000/s, no per-packet garbage |%n%n",
                packets, reassembly[0], reassembly[1]));

        report.append("### Decode + letterbox to ").append(modelSize).append('x').append(modelSize)
                .append(" RGB24 (one thread) vs `ffmpeg -threads 1 -i in.h264 -f null -`\n\n");
        report.append("Best of ").append(RUNS).append(" interleaved runs; fps by wall clock and by CPU time (the CPU"
                      + " column is the fair one on a loaded machine). Target: river >= 0.90 of ffmpeg.\n\n");
        report.append("| resolution | frames | ffmpeg fps | river fps | ratio | ffmpeg fps (CPU) | river fps (CPU) | ratio"
                      + " (CPU) |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        Path dir = Files.createTempDirectory("river-bench-media");
        try {
            for (int[] size : new int[][] { { 640, 480 }, { 1280, 720 } }) {
                System.err.println("decode " + size[0] + "x" + size[1] + " ...");
                Path clip = encode(dir, size[0], size[1], frames);
                List<byte[]> units = new ArrayList<>();
                List<Boolean> keyframes = new ArrayList<>();
                readAccessUnits(clip, units, keyframes);
                riverRun(units, keyframes, modelSize); // warm up
                Speed ffmpeg = new Speed(0, 0);
                Speed river = new Speed(0, 0);
                for (int run = 0; run < RUNS; run++) { // interleaved, so that load from others hits both alike
                    ffmpeg = ffmpeg.best(ffmpegRun(clip, frames));
                    river = river.best(riverRun(units, keyframes, modelSize));
                }
                report.append(String.format(Locale.ROOT, "| %dx%d | %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |%n",
                        size[0], size[1], frames, ffmpeg.wallFps(), river.wallFps(), river.wallFps() / ffmpeg.wallFps(),
                        ffmpeg.cpuFps(), river.cpuFps(), river.cpuFps() / ffmpeg.cpuFps()));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.print(report);
    }

    // ------------------------------------------------------------------ reassembly

    /** @return packets/s and bytes allocated per packet */
    static double[] reassembly(int packets) {
        long[] sink = new long[1];
        H264StreamReassembler reassembler = new H264StreamReassembler(32, TimeUnit.MILLISECONDS.toNanos(50),
                TimeUnit.SECONDS.toNanos(1), new H264ReassemblyCounters(), au -> sink[0] += au.length());
        reassembler.setSpropParameterSets("Z0LAHg==,aM48gA=="); // SPS/PPS for the IDRs (content is not decoded)
        // a pool of packets bigger than the reorder window; sequence number and timestamp are written per send
        byte[][] pool = new byte[1024][];
        for (int i = 0; i < pool.length; i++) {
            int fragment = i % PACKETS_PER_FRAME;
            byte[] p = new byte[PACKET_SIZE];
            p[0] = (byte) 0x80;
            p[1] = (byte) ((fragment == PACKETS_PER_FRAME - 1 ? 0x80 : 0) | 96);
            RtpPackets.setSsrc(p, 0, 0x1234);
            int nalType = (i / PACKETS_PER_FRAME) % 30 == 0 ? 5 : 1;
            p[12] = (byte) (0x60 | 28);
            p[13] = (byte) ((fragment == 0 ? 0x80 : 0) | (fragment == PACKETS_PER_FRAME - 1 ? 0x40 : 0) | nalType);
            p[14] = (byte) 0x88; // first_mb_in_slice = 0
            pool[i] = p;
        }
        run(reassembler, pool, Math.min(packets, 1_000_000), 0); // warm up
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long allocatedBefore = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        run(reassembler, pool, packets, 1_000_000);
        long elapsed = System.nanoTime() - start;
        long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        if (sink[0] == 0) {
            throw new IllegalStateException("no access unit came out");
        }
        return new double[] { packets / (elapsed / 1e9), (double) allocated / packets };
    }

    private static void run(H264StreamReassembler reassembler, byte[][] pool, int packets, int firstSequence) {
        long arrival = System.nanoTime();
        for (int i = 0; i < packets; i++) {
            int n = firstSequence + i;
            byte[] p = pool[n % pool.length];
            RtpPackets.setSequenceNumber(p, 0, n & 0xFFFF);
            RtpPackets.setTimestamp(p, 0, (n / PACKETS_PER_FRAME) * 3000L);
            reassembler.push(p, 0, PACKET_SIZE, arrival + n * 1000L);
        }
    }

    // ------------------------------------------------------------------ decode

    private static Path encode(Path dir, int width, int height, int frames) throws IOException, InterruptedException {
        Path clip = dir.resolve(width + "x" + height + ".h264");
        exec(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=30", "-frames:v", String.valueOf(frames),
                // temporal noise: camera-like content, instead of a synthetic picture that barely changes
                "-vf", "noise=alls=12:allf=t", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline", "-preset", "veryfast", "-g", "30", "-b:v",
                (width * height / 150) + "k", clip.toString()));
        return clip;
    }

    /** frames/s by wall clock and by CPU time; best of the runs. */
    record Speed(double wallFps, double cpuFps) {
        Speed best(Speed other) {
            return new Speed(Math.max(wallFps, other.wallFps), Math.max(cpuFps, other.cpuFps));
        }
    }

    /** One run of the ffmpeg CLI, timed by its own -benchmark (real time and user+system CPU, start-up excluded). */
    private static Speed ffmpegRun(Path clip, int frames) throws IOException, InterruptedException {
        String output = exec(List.of("ffmpeg", "-hide_banner", "-benchmark", "-threads", "1", "-i", clip.toString(),
                "-f", "null", "-"));
        Matcher m = Pattern.compile("utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no -benchmark output from ffmpeg:\n" + output);
        }
        double cpu = Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
        return new Speed(frames / Double.parseDouble(m.group(3)), frames / cpu);
    }

    /** One pass of river's decoder + letterbox over the clip's access units, on this thread. */
    private static Speed riverRun(List<byte[]> units, List<Boolean> keyframes, int modelSize) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (H264StreamDecoder decoder = new H264StreamDecoder(FrameFormat.letterbox, modelSize, modelSize, 1,
                ScaleAlgorithm.fast_bilinear, new DecoderCounters())) {
            int decoded = 0;
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < units.size(); i++) {
                byte[] au = units.get(i);
                DecodedFrame frame = decoder.decode(au, au.length, i, keyframes.get(i));
                if (frame != null) {
                    decoded++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            if (decoded != units.size()) {
                throw new IllegalStateException("decoded " + decoded + " of " + units.size() + " frames");
            }
            return new Speed(decoded / seconds, decoded / cpu);
        }
    }

    /** The access units of an Annex-B file as FFmpeg's h264 demuxer and parser split them. */
    private static void readAccessUnits(Path clip, List<byte[]> units, List<Boolean> keyframes) {
        AVFormatContext format = new AVFormatContext(null);
        if (avformat_open_input(format, clip.toString(), null, null) < 0) {
            throw new IllegalStateException("cannot open " + clip);
        }
        AVPacket packet = avcodec.av_packet_alloc();
        try {
            while (av_read_frame(format, packet) >= 0) {
                byte[] au = new byte[packet.size()];
                packet.data().get(au);
                units.add(au);
                keyframes.add((packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0);
                avcodec.av_packet_unref(packet);
            }
        } finally {
            avcodec.av_packet_free(packet);
            avformat_close_input(format);
        }
    }

    // ------------------------------------------------------------------ environment

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", command) + "\n" + output);
            }
            return output;
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }


    private static String ffmpegCliVersion() {
        try {
            String first = exec(List.of("ffmpeg", "-hide_banner", "-version")).lines().findFirst().orElse("?");
            return first.replace("ffmpeg version ", "ffmpeg ").replaceAll(" Copyright.*", "");
        } catch (Exception e) {
            return "not found (apt-get install ffmpeg)";
        }
    }

    private static String version(int packed) {
        return (packed >> 16) + "." + ((packed >> 8) & 0xFF) + "." + (packed & 0xFF);
    }

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }
}
