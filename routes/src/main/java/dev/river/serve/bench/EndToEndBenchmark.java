package dev.river.serve.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.river.main.BenchMachine;
import dev.river.main.LoopbackPorts;

/**
 * {@code ./river bench e2e}: K concurrent 640x480@30 H264 streams into river-serve's rtp: ingest, with the default
 * model behind a real river-proxy and onnx-worker (all processes, as an operator runs them), side by side in the same
 * run with a second river-serve that only relays ({@code river.serve.inference-enabled=false}).
 *
 * <p>The load generator: the ffmpeg CLI encodes one clip once (testsrc2, libx264 baseline, SPS/PPS before every IDR,
 * one IDR a second); this class splits it into access units and packetizes them once (RFC 6184 single NAL units and
 * FU-A, at most 1200 bytes of payload); each stream then replays that clip with its own SSRC, sequence numbers and
 * timestamps, paced at 30 fps, the K streams spread evenly over the frame interval. All streams go to the one rtp:
 * port (river-serve keys sessions by port and SSRC). The delayed packets come back on a UDP egress socket in this
 * JVM, so send and receive share one monotonic clock.
 *
 * <p>Per K and mode: share of frames whose result was {@code ontime} (results WebSocket, one per session; a frame
 * without a result counts as not on time), video packets lost (sent minus received at the egress), river-serve's
 * process CPU time per stream (and the worker's, in % of one core over the step), and the added latency beyond N
 * (receive - send - N over all packets, p50/p99). Prints a markdown table; the largest K with at least 99% of frames
 * on time and no packet lost is the answer.
 *
 * <p>Options: {@code --streams=1,2,4,8 --seconds=8 --delay-ms=3000 --workers=1 --worker-nice=0 --serve-jvm="..."}
 * (./river bench e2e passes river-serve's JVM options and the worker nice value ./river run uses).
 */
public final class EndToEndBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int FPS = 30;
    private static final int TICKS_PER_FRAME = 90_000 / FPS;
    private static final int MAX_PAYLOAD = 1200;
    private static final long FRAME_NANOS = 1_000_000_000L / FPS;

    private final List<Process> started = new ArrayList<>();
    private final List<String> serveJvm = new ArrayList<>();
    /** nice value the onnx-workers run at (0 = as the other processes; ./river run uses RIVER_WORKER_NICE). */
    private int workerNice;
    private final Path logs = Path.of("target", "bench-e2e");

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                System.err.println("usage: EndToEndBenchmark [--streams=1,2,4,8] [--seconds=8] [--delay-ms=3000] [--workers=1] [--worker-nice=0]"
                                   + " [--serve-jvm=\"-XX:+UseZGC ...\"]");
                System.exit(2);
            }
            opts.put(a.substring(2, eq), a.substring(eq + 1));
        }
        int[] ks = Arrays.stream(opts.getOrDefault("streams", "1,2,4,8").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "8"));
        long delay = Long.parseLong(opts.getOrDefault("delay-ms", "3000"));
        int workers = Integer.parseInt(opts.getOrDefault("workers", "1"));
        EndToEndBenchmark b = new EndToEndBenchmark();
        // extra JVM options for the river-serve processes (e.g. to compare garbage collectors)
        b.workerNice = Integer.parseInt(opts.getOrDefault("worker-nice", "0"));
        String serveJvm = opts.getOrDefault("serve-jvm", "").trim();
        if (!serveJvm.isEmpty()) {
            b.serveJvm.addAll(Arrays.asList(serveJvm.split("\\s+")));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(b::stopAll));
        try {
            b.run(ks, seconds, delay, workers, String.join(" ", args));
        } finally {
            b.stopAll();
        }
    }

    // --- the run --------------------------------------------------------------------------------------------------

    record Row(int k, String mode, int framesSent, long ontime, Map<String, Long> statuses, long sent, long received,
               double serveCpuPerStream, double workerCpu, double p50, double p99, double loadAvg,
               double roundTripP50, double roundTripP99, Lateness lateness) {
        boolean ok() {
            return received == sent && (mode.equals("relay only") || ontime >= framesSent * 0.99);
        }
    }

    private void run(int[] ks, int seconds, long delay, int workers, String argLine) throws Exception {
        Files.createDirectories(logs);
        String load0 = loadAverage();
        Clip clip = Clip.make(logs.resolve("clip-640x480-30.h264"), seconds * FPS);
        System.err.printf("clip: %d frames, %d packets, %.2f Mbit/s%n", clip.frames.size(), clip.packetCount(),
                clip.bytes() * 8.0 / seconds / 1e6);

        Path root = findRoot();
        int frontend = freeTcp();
        int backend = freeTcp();
        start("proxy", List.of("-jar", root.resolve("proxy/target/river-proxy.jar").toString(),
                "--river.proxy.frontend=tcp://127.0.0.1:" + frontend, "--river.proxy.backend=tcp://127.0.0.1:" + backend,
                "--river.proxy.management-port=0"));
        List<Process> workerProcs = new ArrayList<>();
        for (int w = 1; w <= workers; w++) {
            workerProcs.add(start("worker-" + w, List.of("-jar", root.resolve("onnx-worker/target/river-onnx-worker.jar").toString(),
                    "--river.worker.broker=tcp://127.0.0.1:" + backend, "--river.worker.name=bench-worker-" + w,
                    "--river.worker.management-port=0")));
        }
        Serve inference = startServe("serve-inference", frontend, delay, true);
        Serve relay = startServe("serve-relay", frontend, delay, false);
        awaitWorkers(inference, workers);
        // warm-up (not reported): JIT (C2 compiling on the same cores makes a cold step's figures those of the
        // compiler), FFmpeg's native libraries, the worker's first inferences: the whole clip twice, 2 streams
        for (int w = 0; w < 2; w++) {
            for (Serve s : List.of(inference, relay)) {
                step(s, 2, clip, 0xAA000000L + w * 0x100 + (s.inference ? 0 : 0x10000), clip.frames.size(), workerProcs);
            }
        }
        List<Row> rows = new ArrayList<>();
        int round = 1;
        for (int k : ks) {
            for (Serve s : List.of(inference, relay)) {
                rows.add(step(s, k, clip, 0x10000000L * round + (s.inference ? 0 : 0x1000), clip.frames.size(), workerProcs));
                Row r = rows.get(rows.size() - 1);
                System.err.printf("K=%d %s: ontime %d/%d, lost %d/%d, cpu %.1f%%/stream, +%.1f/%.1f ms, release within 2 ms %.2f%%%n",
                        k, r.mode, r.ontime, r.framesSent, r.sent - r.received, r.sent, r.serveCpuPerStream, r.p50, r.p99,
                        100 * r.lateness.shareWithin2Ms());
            }
            round++;
        }
        String releaseThreads = "release thread under SCHED_FIFO (river_release_thread_realtime): inference "
                                + releaseThreadRealtime(inference) + ", relay only " + releaseThreadRealtime(relay);
        print(rows, ks, seconds, delay, workers, argLine, load0, loadAverage(), clip, releaseThreads);
    }

    /** river-serve's river_release_thread_realtime gauge: "yes" (SCHED_FIFO), "no", or "?" when not published. */
    private static String releaseThreadRealtime(Serve serve) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(serve.management + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^river_release_thread_realtime (\\S+)$").matcher(text);
        return !m.find() ? "?" : Double.parseDouble(m.group(1)) == 1 ? "yes" : "no";
    }

    private Row step(Serve serve, int k, Clip clip, long ssrcBase, int frames, List<Process> workerProcs) throws Exception {
        long[] ssrcs = new long[k];
        List<Results> results = new ArrayList<>();
        long[][] sendNanos = new long[k][];
        long[][] recvNanos = new long[k][];
        int packetsPerStream = clip.packetCount(frames);
        Map<Long, Integer> index = new ConcurrentHashMap<>();
        for (int s = 0; s < k; s++) {
            ssrcs[s] = ssrcBase + s;
            index.put(ssrcs[s], s);
            sendNanos[s] = new long[packetsPerStream];
            recvNanos[s] = new long[packetsPerStream];
            if (serve.inference) {
                results.add(new Results(serve.http, serve.rtpPort + "-" + Long.toHexString(ssrcs[s])));
            }
        }
        AtomicLong received = new AtomicLong();
        serve.egress.setSoTimeout(200);
        Thread receiver = new Thread(() -> receive(serve.egress, index, recvNanos, received), "bench-egress");
        receiver.start();
        Map<Double, Double> lateness0 = latenessBuckets(serve);
        long cpu0 = cpuNanos(serve.process);
        long wcpu0 = workerProcs.stream().mapToLong(EndToEndBenchmark::cpuNanos).sum();
        long t0 = System.nanoTime();
        long sent = send(serve.rtpPort, clip, frames, ssrcs, sendNanos);
        long expected = sent;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(serve.delay + 3000);
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long t1 = System.nanoTime();
        long cpu1 = cpuNanos(serve.process);
        long wcpu1 = workerProcs.stream().mapToLong(EndToEndBenchmark::cpuNanos).sum();
        Thread.sleep(300); // stragglers: counted as received, not in CPU
        Lateness lateness = Lateness.between(lateness0, latenessBuckets(serve));
        receiver.interrupt();
        receiver.join();
        long ontime = 0;
        Map<String, Long> statuses = new LinkedHashMap<>();
        List<Double> roundTrips = new ArrayList<>();
        for (Results r : results) {
            r.awaitFrames(frames, Duration.ofSeconds(3));
            ontime += r.count("ontime");
            synchronized (r.roundTrips) {
                roundTrips.addAll(r.roundTrips);
            }
            r.statuses.forEach((st, n) -> statuses.merge(st, n.get(), Long::sum));
            r.close();
        }
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(serve.delay);
        long[] added = new long[(int) Math.min(Integer.MAX_VALUE, sent)];
        int n = 0;
        for (int s = 0; s < k; s++) {
            for (int i = 0; i < packetsPerStream; i++) {
                if (recvNanos[s][i] != 0 && sendNanos[s][i] != 0) {
                    added[n++] = recvNanos[s][i] - sendNanos[s][i] - delayNanos;
                }
            }
        }
        Arrays.sort(added, 0, n);
        double wall = (t1 - t0) / 1e9;
        return new Row(k, serve.inference ? "inference" : "relay only", frames * k, ontime, statuses, sent, received.get(),
                100.0 * (cpu1 - cpu0) / 1e9 / wall / k, serve.inference ? 100.0 * (wcpu1 - wcpu0) / 1e9 / wall : 0,
                n == 0 ? Double.NaN : added[n / 2] / 1e6, n == 0 ? Double.NaN : added[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), percentile(roundTrips, 0.5),
                percentile(roundTrips, 0.99), lateness);
    }

    private static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * q)));
    }

    /** Paces K copies of the clip at 30 fps, stream s offset by s/K of a frame; returns the packets sent. */
    private static long send(int port, Clip clip, int frames, long[] ssrcs, long[][] sendNanos) throws IOException {
        int k = ssrcs.length;
        long sent = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSendBufferSize(4 << 20);
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
            int[] seq = new int[k];
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            byte[] buf = new byte[MAX_PAYLOAD + 64];
            for (int f = 0; f < frames; f++) {
                List<byte[]> payloads = clip.frames.get(f);
                for (int s = 0; s < k; s++) {
                    long due = start + f * FRAME_NANOS + s * FRAME_NANOS / k;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long ts = (s * 7_777_777L + (long) f * TICKS_PER_FRAME) & 0xFFFF_FFFFL;
                    for (int p = 0; p < payloads.size(); p++) {
                        byte[] payload = payloads.get(p);
                        int q = seq[s]++;
                        buf[0] = (byte) 0x80;
                        buf[1] = (byte) ((p == payloads.size() - 1 ? 0x80 : 0) | 96);
                        buf[2] = (byte) (q >> 8);
                        buf[3] = (byte) q;
                        buf[4] = (byte) (ts >> 24);
                        buf[5] = (byte) (ts >> 16);
                        buf[6] = (byte) (ts >> 8);
                        buf[7] = (byte) ts;
                        long ssrc = ssrcs[s];
                        buf[8] = (byte) (ssrc >> 24);
                        buf[9] = (byte) (ssrc >> 16);
                        buf[10] = (byte) (ssrc >> 8);
                        buf[11] = (byte) ssrc;
                        System.arraycopy(payload, 0, buf, 12, payload.length);
                        sendNanos[s][q] = System.nanoTime();
                        socket.send(new DatagramPacket(buf, 12 + payload.length, to));
                        sent++;
                    }
                }
            }
        }
        return sent;
    }

    private static void receive(DatagramSocket socket, Map<Long, Integer> index, long[][] recvNanos, AtomicLong received) {
        byte[] buf = new byte[2048];
        DatagramPacket dp = new DatagramPacket(buf, buf.length);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                socket.receive(dp);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            if (dp.getLength() < 12) {
                continue;
            }
            long ssrc = ((buf[8] & 0xFFL) << 24) | ((buf[9] & 0xFF) << 16) | ((buf[10] & 0xFF) << 8) | (buf[11] & 0xFF);
            Integer s = index.get(ssrc);
            if (s == null) {
                continue; // a previous step's straggler
            }
            int seq = ((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF);
            if (seq < recvNanos[s].length && recvNanos[s][seq] == 0) {
                recvNanos[s][seq] = now;
                received.incrementAndGet();
            }
        }
    }

    // --- the clip -------------------------------------------------------------------------------------------------

    /** One encoded clip, packetized once: for each frame the RTP payloads (single NAL unit or FU-A), in order. */
    record Clip(List<List<byte[]>> frames) {
        int packetCount() {
            return packetCount(frames.size());
        }

        int packetCount(int n) {
            int c = 0;
            for (int i = 0; i < n; i++) {
                c += frames.get(i).size();
            }
            return c;
        }

        long bytes() {
            long b = 0;
            for (List<byte[]> f : frames) {
                for (byte[] p : f) {
                    b += p.length;
                }
            }
            return b;
        }

        static Clip make(Path out, int frames) throws IOException, InterruptedException {
            List<String> cmd = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=640x480:rate=" + FPS, "-frames:v", String.valueOf(frames), "-pix_fmt", "yuv420p",
                    "-c:v", "libx264", "-profile:v", "baseline", "-preset", "ultrafast", "-tune", "zerolatency",
                    "-g", String.valueOf(FPS), "-bf", "0", "-b:v", "2M", "-maxrate", "2M", "-bufsize", "1M",
                    "-x264-params", "repeat-headers=1:aud=1", "-f", "h264", out.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling("ffmpeg.log").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("ffmpeg could not encode the clip: " + Files.readString(out.resolveSibling("ffmpeg.log")));
            }
            byte[] h264 = Files.readAllBytes(out);
            List<List<byte[]>> aus = new ArrayList<>();
            List<byte[]> current = null;
            for (byte[] nal : nalUnits(h264)) {
                int type = nal[0] & 0x1F;
                if (type == 9) { // access unit delimiter: a new frame starts
                    current = new ArrayList<>();
                    aus.add(current);
                    continue;
                }
                if (current == null) {
                    current = new ArrayList<>();
                    aus.add(current);
                }
                current.addAll(packetize(nal));
            }
            aus.removeIf(List::isEmpty);
            return new Clip(aus.subList(0, Math.min(frames, aus.size())));
        }

        static List<byte[]> nalUnits(byte[] b) {
            List<byte[]> out = new ArrayList<>();
            int start = -1;
            int i = 0;
            while (i + 3 <= b.length) {
                if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                    if (start >= 0) {
                        int end = i;
                        while (end > start && b[end - 1] == 0) {
                            end--;
                        }
                        out.add(Arrays.copyOfRange(b, start, end));
                    }
                    i += 3;
                    start = i;
                } else {
                    i++;
                }
            }
            if (start >= 0 && start < b.length) {
                out.add(Arrays.copyOfRange(b, start, b.length));
            }
            return out;
        }

        /** RFC 6184: a single NAL unit packet, or FU-A fragments of at most MAX_PAYLOAD bytes. */
        static List<byte[]> packetize(byte[] nal) {
            if (nal.length <= MAX_PAYLOAD) {
                return List.of(nal);
            }
            List<byte[]> out = new ArrayList<>();
            byte indicator = (byte) ((nal[0] & 0xE0) | 28);
            int type = nal[0] & 0x1F;
            int pos = 1;
            while (pos < nal.length) {
                int n = Math.min(MAX_PAYLOAD - 2, nal.length - pos);
                ByteArrayOutputStream p = new ByteArrayOutputStream(n + 2);
                p.write(indicator);
                p.write((pos == 1 ? 0x80 : 0) | (pos + n == nal.length ? 0x40 : 0) | type);
                p.write(nal, pos, n);
                out.add(p.toByteArray());
                pos += n;
            }
            return out;
        }
    }

    // --- processes ------------------------------------------------------------------------------------------------

    record Serve(String name, Process process, String http, int rtpPort, DatagramSocket egress, long delay, boolean inference,
                 String management) {
    }

    /**
     * river-serve's own release lateness over a step (release time - (arrival + N), every packet), from the
     * difference of its Prometheus histogram river_release_lateness_seconds before and after: the share of packets
     * released within 2 ms (the p99 target holds when it is at least 99%) and the smallest bucket bound
     * holding 99% of them.
     */
    record Lateness(long packets, double shareWithin2Ms, double p99BoundMs) {
        static Lateness between(Map<Double, Double> before, Map<Double, Double> after) {
            double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
            if (total <= 0) {
                return new Lateness(0, Double.NaN, Double.NaN);
            }
            double within2 = Double.NaN;
            double p99 = Double.POSITIVE_INFINITY;
            for (Map.Entry<Double, Double> e : after.entrySet()) {
                double n = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
                if (Math.abs(e.getKey() - 0.002) < 1e-9) {
                    within2 = n / total;
                }
                if (n >= 0.99 * total && e.getKey() < p99) {
                    p99 = e.getKey();
                }
            }
            return new Lateness(Math.round(total), within2, p99 * 1000);
        }
    }

    /** The cumulative buckets (le in seconds -> count) of river_release_lateness_seconds. */
    private static Map<Double, Double> latenessBuckets(Serve serve) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(serve.management + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<Double, Double> buckets = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^river_release_lateness_seconds_bucket\\{le=\"([^\"]+)\"\\} (\\S+)$").matcher(text);
        while (m.find()) {
            buckets.put("+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
                    Double.parseDouble(m.group(2)));
        }
        return buckets;
    }

    private Serve startServe(String name, int frontend, long delay, boolean inference) throws Exception {
        int http = freeTcp();
        int management = freeTcp();
        int rtp = freeUdp();
        DatagramSocket egress = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        egress.setReceiveBufferSize(8 << 20);
        List<String> args = new ArrayList<>(serveJvm);
        args.addAll(List.of("-Xlog:gc:file=" + logs.resolve(name + "-gc.log"), "-cp", System.getProperty("java.class.path"),
                "dev.river.serve.ServeApplication",
                "--river.serve.http-port=" + http, "--river.serve.proxy=tcp://127.0.0.1:" + frontend,
                "--river.serve.rtp.port=" + rtp, "--river.serve.rtp.egress=127.0.0.1:" + egress.getLocalPort(),
                "--river.serve.webrtc.port=" + freeUdp(), "--river.serve.delay-ms=" + delay,
                "--river.serve.session-idle-timeout-ms=2000", "--river.serve.inference-enabled=" + inference,
                "--river.serve.management-port=" + management));
        Process p = start(name, args);
        String base = "http://127.0.0.1:" + http;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + logs.resolve(name + ".log"));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/status")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return new Serve(name, p, base, rtp, egress, delay, inference, "http://127.0.0.1:" + management);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not start");
    }

    private static void awaitWorkers(Serve serve, int workers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            JsonNode s = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(serve.http + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (s.path("broker").path("models").path("blazeface").asInt() >= workers) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no blazeface worker registered with the proxy");
    }

    private Process start(String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (name.startsWith("worker-") && workerNice != 0) {
            cmd.addAll(List.of("nice", "-n", String.valueOf(workerNice)));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    private void stopAll() {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        started.clear();
    }

    private static long cpuNanos(Process p) {
        return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static Path findRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path d = here; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("proxy/target/river-proxy.jar"))) {
                return d;
            }
        }
        throw new IllegalStateException("run from the project root after building (proxy/target/river-proxy.jar not found)");
    }

    private static int freeTcp() {
        return LoopbackPorts.freeTcpPort();
    }

    private static int freeUdp() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    // --- results WebSocket ----------------------------------------------------------------------------------------

    /** Counts the result messages of one session by status. */
    static final class Results implements WebSocket.Listener, AutoCloseable {
        final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        final AtomicLong frames = new AtomicLong();
        final List<Double> roundTrips = new ArrayList<>();
        private final WebSocket ws;
        private final StringBuilder partial = new StringBuilder();

        Results(String http, String session) throws Exception {
            ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(http.replace("http:", "ws:") + "/sessions/" + session + "/results"), this)
                    .get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    if ("result".equals(m.path("type").asText())) {
                        statuses.computeIfAbsent(m.path("status").asText(), s -> new AtomicLong()).incrementAndGet();
                        frames.incrementAndGet();
                        JsonNode rt = m.path("timings").path("roundTripMs");
                        if (rt.isNumber()) {
                            synchronized (roundTrips) {
                                roundTrips.add(rt.asDouble());
                            }
                        }
                    }
                } catch (IOException e) {
                    // ignore a malformed message
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        long count(String status) {
            AtomicLong n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        void awaitFrames(int n, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (frames.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        @Override
        public void close() {
            ws.abort();
        }
    }

    // --- report ---------------------------------------------------------------------------------------------------

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }


    private static void print(List<Row> rows, int[] ks, int seconds, long delay, int workers, String argLine,
                              String load0, String load1, Clip clip, String releaseThreads) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Command: `./river bench e2e%s` (%d s per step, N = %d ms, %d onnx-worker%s, "
                        + "BlazeFace front 128, clip testsrc2 640x480@30 libx264 baseline %.2f Mbit/s, %d RTP packets per stream)%n%n",
                argLine.isEmpty() ? "" : " " + argLine, seconds, delay, workers, workers == 1 ? "" : "s",
                clip.bytes() * 8.0 / seconds / 1e6, clip.packetCount()));
        sb.append(String.format(Locale.ROOT, "Machine: nproc %d, %s, Java %s, load average %s at start, %s at end%n%n",
                Runtime.getRuntime().availableProcessors(), BenchMachine.cpuModel(), System.getProperty("java.runtime.version"), load0, load1));
        sb.append("| K | mode | frames ontime | late / skipped / error / no result | inference round trip p50 / p99 (ms) | packets sent | lost | river-serve CPU per stream | worker CPU | added latency p50 / p99 (ms) | release lateness: within 2 ms / p99 bucket (ms) |\n");
        sb.append("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            boolean inf = r.mode.equals("inference");
            long results = r.statuses.values().stream().mapToLong(Long::longValue).sum();
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %,d | %d | %.1f%% | %s | %.2f / %.2f | %.2f%% / <= %s |%n", r.k, r.mode,
                    inf ? String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100.0 * r.ontime / r.framesSent, r.ontime, r.framesSent) : "—",
                    inf ? r.statuses.getOrDefault("late", 0L) + " / " + r.statuses.getOrDefault("skipped", 0L) + " / "
                            + r.statuses.getOrDefault("error", 0L) + " / " + Math.max(0, r.framesSent - results) : "—",
                    inf ? String.format(Locale.ROOT, "%.1f / %.1f", r.roundTripP50, r.roundTripP99) : "—",
                    r.sent, r.sent - r.received, r.serveCpuPerStream,
                    inf ? String.format(Locale.ROOT, "%.1f%%", r.workerCpu) : "—", r.p50, r.p99,
                    100 * r.lateness.shareWithin2Ms(), r.lateness.p99BoundMs() == Double.POSITIVE_INFINITY ? "inf"
                            : String.format(Locale.ROOT, "%.2f", r.lateness.p99BoundMs())));
        }
        int best = 0;
        for (int k : ks) {
            boolean ok = rows.stream().filter(r -> r.k == k && r.mode.equals("inference")).allMatch(Row::ok);
            if (ok) {
                best = Math.max(best, k);
            }
        }
        int bestRelay = 0;
        for (int k : ks) {
            if (rows.stream().filter(r -> r.k == k && !r.mode.equals("inference")).allMatch(Row::ok)) {
                bestRelay = Math.max(bestRelay, k);
            }
        }
        sb.append(String.format(Locale.ROOT, "%nLargest K with >= 99%% of frames ontime and no video packet lost: **%s** "
                + "(of %s tried); relay only, no packet lost: %s.%n", best == 0 ? "none" : String.valueOf(best),
                Arrays.toString(ks), bestRelay == 0 ? "none" : "up to K = " + bestRelay));
        sb.append("CPU: process CPU time of river-serve over the step (first packet sent to last packet back) / wall time / K,"
                  + " in % of one core; worker CPU is the onnx-worker process(es) in total. Added latency: egress receive"
                  + " - send - N over all packets (same JVM clock). Inference round trip: the results' roundTripMs (request"
                  + " sent to reply, through river-proxy and the worker). river-serve GC log: target/bench-e2e/serve-*-gc.log;"
                  + " " + releaseThreads + ".\n");
        System.out.print(sb);
    }
}
