package dev.river.component.webrtc.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.river.component.webrtc.WebRtcComponent;
import dev.river.component.webrtc.WebRtcStatistics;
import dev.river.component.webrtc.WebRtcStatistics.Counter;
import dev.river.component.webrtc.transport.WebRtcServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code ./river bench webrtc}: how many 640x480@30 sessions the webrtc: endpoint relays here, and the CPU per
 * session of its media path (SRTP unprotect, one exchange per packet through a Camel route, rewrite, SRTP protect,
 * RTCP), without decoding. In-process {@link LoopbackWebRtcPeer}s publish synthetic H264 at about 1.5 Mbit/s (a keyframe
 * every 2 s) and receive the relayed stream; only the server's own threads are charged.
 *
 * <p>Options: {@code --sessions 1,4,8,16} (steps), {@code --seconds 10} (measured per step), {@code --bitrate 1500000}.
 */
public final class WebRtcBenchmark {

    private WebRtcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] steps = { 1, 4, 8, 16 };
        int seconds = 10;
        int bitrate = 1_500_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sessions" -> steps = java.util.Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--bitrate" -> bitrate = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int maxSessions = java.util.Arrays.stream(steps).max().orElse(1);
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                String uri = "webrtc:bench?port=0&maxSessions=" + maxSessions + "&maxPacketRate=5000";
                from(uri).routeId("relay").to(uri);
            }
        });
        context.start();
        WebRtcServer server = context.getComponent("webrtc", WebRtcComponent.class).getServer("bench");
        List<String> rows = new ArrayList<>();
        try {
            for (int sessions : steps) {
                rows.add(step(server, sessions, seconds, bitrate));
            }
        } finally {
            context.stop();
        }
        System.out.println();
        System.out.println("## webrtc: relay benchmark");
        System.out.println();
        System.out.println("Command: `./river bench webrtc " + String.join(" ", args) + "` (main class "
                           + WebRtcBenchmark.class.getName() + ")  ");
        System.out.println("Machine: " + machine() + "  ");
        System.out.println("Load per session: synthetic H264 640x480@30, " + bitrate / 1000
                           + " kbit/s, FU-A packets of <= 1100 bytes, keyframe every 2 s; SRTP in and out, RTCP (RR, SR, REMB).");
        System.out.println("CPU: the server's threads only (receive + route + send, RTCP timer, DTLS), from"
                           + " ThreadMXBean; the in-process load generator is not charged.");
        System.out.println();
        System.out.println("| sessions | packets/s in | Mbit/s in | packets/s out | relayed | server CPU (% of one core) | CPU per session |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static String step(WebRtcServer server, int sessions, int seconds, int bitrate) throws Exception {
        List<LoopbackWebRtcPeer> peers = new ArrayList<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-pacer");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < sessions; i++) {
                LoopbackWebRtcPeer peer = new LoopbackWebRtcPeer();
                WebRtcServer.Offered offered = server.publish(peer.offer());
                peer.connect(offered.answer());
                peers.add(peer);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!offered.session().isConnected() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            }
            int frameBytes = bitrate / 8 / 30;
            long[] frame = { 0 };
            pacer.scheduleAtFixedRate(() -> {
                boolean key = frame[0]++ % 60 == 0;
                for (LoopbackWebRtcPeer peer : peers) {
                    try {
                        peer.sendFrame(key ? frameBytes * 6 : frameBytes, key);
                        if (frame[0] % 60 == 1) {
                            peer.consent(false);
                        }
                    } catch (Exception e) {
                        // counted by the server statistics
                    }
                }
            }, 0, 33_333, TimeUnit.MICROSECONDS);
            Thread.sleep(2000);
            WebRtcStatistics stats = server.statistics();
            long in0 = stats.get(Counter.RTP_RECEIVED);
            long bytes0 = stats.get(Counter.RTP_BYTES_RECEIVED);
            long out0 = stats.get(Counter.RTP_SENT);
            long cpu0 = serverCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long elapsed = System.nanoTime() - t0;
            long cpu = serverCpuNanos() - cpu0;
            double secs = elapsed / 1e9;
            double in = (stats.get(Counter.RTP_RECEIVED) - in0) / secs;
            double mbit = (stats.get(Counter.RTP_BYTES_RECEIVED) - bytes0) * 8 / secs / 1e6;
            double out = (stats.get(Counter.RTP_SENT) - out0) / secs;
            double cpuPercent = 100.0 * cpu / elapsed;
            String row = String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.0f | %.1f%% | %.1f%% | %.2f%% |", sessions, in,
                    mbit, out, in == 0 ? 0 : 100.0 * out / in, cpuPercent, cpuPercent / sessions);
            System.out.println(row);
            return row;
        } finally {
            pacer.shutdownNow();
            for (LoopbackWebRtcPeer peer : peers) {
                peer.close();
            }
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!server.sessions().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // a close_notify lost on a saturated socket: end the rest explicitly
            server.sessions().forEach(s -> server.endSession(s.id(), "benchmark step done"));
        }
    }

    private static long serverCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && (info.getThreadName().contains("WebRtcReceive") || info.getThreadName().contains("WebRtcRtcp")
                                 || info.getThreadName().contains("WebRtcDtls"))) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    total += t;
                }
            }
        }
        return total;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (Exception e) {
            // not Linux
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
               + System.getProperty("java.version") + ", load average "
               + String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
