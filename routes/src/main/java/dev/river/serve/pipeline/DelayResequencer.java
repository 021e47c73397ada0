package dev.river.serve.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import dev.river.component.rtp.RtpConstants;
import dev.river.component.webrtc.WebRtcConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delayed return path: holds every RTP packet until its arrival + N and then releases it, per session in
 * sequence order and with the original pacing, to the egress endpoint the route named (header
 * {@code RiverServeEgress}). One dedicated thread (from the ExecutorServiceManager) releases packets, sleeping with
 * {@code parkNanos} until the next is due, because Camel's Delayer schedules per exchange with millisecond timers and
 * cannot hold a 2 ms p99. The thread runs under real-time FIFO scheduling when allowed ({@link RealtimeScheduling}):
 * on cores busy with decode and inference a normal thread wakes milliseconds late. Release lateness is measured. Memory is bounded per session (N x
 * {@code maxBitrate}, at most {@code maxBytesPerSession}); packets beyond it are dropped and counted. Nothing here
 * waits on inference.
 */
public class DelayResequencer extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(DelayResequencer.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int BATCH = 256;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, Producer> producers = new ConcurrentHashMap<>();
    /** Release lateness, 10 us buckets up to 1 s. */
    private final LatencyHistogram lateness = new LatencyHistogram(10_000, 100_000);
    private final LongAdder held = new LongAdder();
    /** Packets released, per egress endpoint URI (one counter per egress, shared by its lanes). */
    private final Map<String, LongAdder> releasedByEgress = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder discarded = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private CamelContext camelContext;
    private ExecutorService releaser;
    private volatile boolean running;
    private long delayMillis = 3000;
    private long maxBitrate = 20_000_000L;
    private long maxBytesPerSession = 16L << 20;
    private int maxPacketsPerSession = 65_536;
    private int realtimePriority = 10;
    private volatile RealtimeScheduling.Outcome releaseScheduling =
            new RealtimeScheduling.Outcome(false, "release thread not started");
    private volatile LongConsumer latenessObserver = nanos -> {
    };

    /** Holds one RTP packet exchange (body byte[]; headers CamelRtpStreamId, CamelRtpArrivalNanos, egress, delay). */
    public void hold(Exchange exchange) {
        Message in = exchange.getIn();
        byte[] packet = in.getBody(byte[].class);
        String session = in.getHeader(RtpConstants.STREAM_ID, String.class);
        String egress = in.getHeader(ServeHeaders.EGRESS, String.class);
        if (packet == null || packet.length < 12 || session == null || egress == null) {
            malformed.increment();
            return;
        }
        Long arrival = in.getHeader(RtpConstants.ARRIVAL_NANOS, Long.class);
        long delay = in.getHeader(ServeHeaders.DELAY_MILLIS, delayMillis, Long.class);
        long target = (arrival != null ? arrival : System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(delay);
        Lane lane = lanes.get(session);
        if (lane == null) {
            lane = lanes.computeIfAbsent(session, id -> new Lane(id, producer(egress),
                    releasedByEgress.computeIfAbsent(egress, e -> new LongAdder()),
                    Math.min(maxBytesPerSession, Math.max(1, delay) * maxBitrate / 8000), maxPacketsPerSession));
        }
        int seq = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
        switch (lane.add(packet, seq, target)) {
            case Lane.ADDED -> held.increment();
            case Lane.DUPLICATE -> duplicates.increment();
            default -> dropped.increment();
        }
    }

    /** Forgets a session's held packets (it ended: nobody can receive them). */
    public void endSession(String session) {
        Lane lane = lanes.remove(session);
        if (lane != null) {
            discarded.add(lane.clear());
        }
    }

    private Producer producer(String uri) {
        return producers.computeIfAbsent(uri, u -> {
            try {
                Endpoint endpoint = camelContext.getEndpoint(u);
                Producer p = endpoint.createProducer();
                ServiceHelper.startService(p);
                return p;
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the egress producer for " + u, e);
            }
        });
    }

    private void releaseLoop() {
        // video never waits for decode or inference: on a machine they share, the release thread preempts them
        // (SCHED_FIFO); where that is not permitted it at least outranks them among normal threads (with
        // -XX:ThreadPriorityPolicy=1, as ./river starts river-serve; raising needs root or CAP_SYS_NICE, without it
        // the thread stays at normal priority while the decode thread still drops below it)
        Thread.currentThread().setPriority(Thread.MAX_PRIORITY);
        releaseScheduling = RealtimeScheduling.applyToCurrentThread(realtimePriority);
        if (releaseScheduling.realtime() || realtimePriority == 0) {
            LOG.info("Delay-resequencer release thread: {}", releaseScheduling.description());
        } else {
            LOG.warn("Delay-resequencer release thread: {}; release lateness will suffer on busy cores",
                    releaseScheduling.description());
        }
        byte[][] batch = new byte[BATCH][];
        long[] targets = new long[BATCH];
        while (running) {
            long now = System.nanoTime();
            long next = now + IDLE_PARK_NANOS;
            for (Lane lane : lanes.values()) {
                int n;
                while ((n = lane.drainDue(now, batch, targets)) > 0) {
                    for (int i = 0; i < n; i++) {
                        long late = System.nanoTime() - targets[i];
                        lateness.record(late);
                        latenessObserver.accept(late);
                        send(lane, batch[i]);
                        batch[i] = null;
                    }
                }
                long head = lane.headTarget();
                if (head < next) {
                    next = head;
                }
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private void send(Lane lane, byte[] packet) {
        Exchange exchange = lane.producer.getEndpoint().createExchange();
        Message m = exchange.getIn();
        m.setBody(packet);
        m.setHeader(RtpConstants.STREAM_ID, lane.id);
        m.setHeader(WebRtcConstants.SESSION_ID, lane.id);
        try {
            lane.producer.process(exchange);
            if (exchange.getException() != null) {
                sendErrors.increment();
            } else {
                lane.released.increment();
            }
        } catch (Exception e) {
            sendErrors.increment();
            LOG.debug("release to {} failed", lane.producer.getEndpoint(), e);
        }
    }

    @Override
    protected void doStart() {
        running = true;
        releaser = camelContext.getExecutorServiceManager().newSingleThreadExecutor(this, "DelayResequencer");
        releaser.execute(this::releaseLoop);
    }

    @Override
    protected void doStop() {
        running = false;
        if (releaser != null) {
            camelContext.getExecutorServiceManager().shutdownGraceful(releaser, 2000);
            releaser = null;
        }
        for (String id : new ArrayList<>(lanes.keySet())) {
            endSession(id);
        }
        for (Producer p : producers.values()) {
            ServiceHelper.stopService(p);
        }
        producers.clear();
    }

    /** Counters and release lateness percentiles, for /api/status and JMX-style reporting. */
    public Map<String, Object> statistics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessions", lanes.size());
        long bytes = 0;
        long packets = 0;
        for (Lane lane : lanes.values()) {
            bytes += lane.bytes();
            packets += lane.size();
        }
        m.put("heldPackets", packets);
        m.put("heldBytes", bytes);
        m.put("held", held.sum());
        m.put("released", getReleased());
        m.put("dropped", dropped.sum());
        m.put("duplicates", duplicates.sum());
        m.put("discarded", discarded.sum());
        m.put("sendErrors", sendErrors.sum());
        m.put("malformed", malformed.sum());
        m.put("latenessP50Ms", lateness.percentileMillis(0.5));
        m.put("latenessP99Ms", lateness.percentileMillis(0.99));
        m.put("latenessMaxMs", lateness.percentileMillis(1.0));
        m.put("releaseThread", releaseScheduling.description());
        return m;
    }

    /** Whether the release thread runs under real-time scheduling, and what it runs under. */
    public RealtimeScheduling.Outcome getReleaseScheduling() {
        return releaseScheduling;
    }

    public LatencyHistogram getLateness() {
        return lateness;
    }

    public long getReleased() {
        long n = 0;
        for (LongAdder a : releasedByEgress.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Packets released to one egress endpoint URI (e.g. direct:webrtc-egress). */
    public long getReleased(String egress) {
        LongAdder a = releasedByEgress.get(egress);
        return a == null ? 0 : a.sum();
    }

    /** Packets dropped because their session's buffer was full. */
    public long getDropped() {
        return dropped.sum();
    }

    /** Packets dropped as duplicates of a held packet. */
    public long getDuplicates() {
        return duplicates.sum();
    }

    /** Held packets thrown away because their session ended. */
    public long getDiscarded() {
        return discarded.sum();
    }

    /** Packets the egress endpoint failed to send. */
    public long getSendErrors() {
        return sendErrors.sum();
    }

    /** Exchanges that were no RTP packet of a known session and egress. */
    public long getMalformed() {
        return malformed.sum();
    }

    /** Receives each released packet's lateness (actual release - (arrival + N), ns), on the release thread. */
    public void setLatenessObserver(LongConsumer observer) {
        this.latenessObserver = observer == null ? nanos -> {
        } : observer;
    }

    public int getSessionCount() {
        return lanes.size();
    }

    /** The packets currently held for a session (0 when unknown). */
    public int heldPackets(String session) {
        Lane lane = lanes.get(session);
        return lane == null ? 0 : lane.size();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The default delay N for packets without a RiverServeDelayMillis header (ms). */
    public void setDelayMillis(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    /** The bitrate a session may hold for N (bits/s): a session's buffer is N x this, at most maxBytesPerSession. */
    public void setMaxBitrate(long maxBitrate) {
        this.maxBitrate = maxBitrate;
    }

    /** The hard cap of one session's held bytes. */
    public void setMaxBytesPerSession(long maxBytesPerSession) {
        this.maxBytesPerSession = maxBytesPerSession;
    }

    /** SCHED_FIFO priority of the release thread (1-99); 0 keeps it under normal scheduling. */
    public void setRealtimePriority(int realtimePriority) {
        this.realtimePriority = realtimePriority;
    }

    /** The hard cap of one session's held packets. */
    public void setMaxPacketsPerSession(int maxPacketsPerSession) {
        this.maxPacketsPerSession = maxPacketsPerSession;
    }

    /**
     * One session's held packets: a ring kept in extended sequence order (a reordered packet is inserted at its
     * place), grown on demand up to the packet cap.
     */
    static final class Lane {
        static final int ADDED = 0;
        static final int DUPLICATE = 1;
        static final int FULL = 2;
        private static final int MAX_REORDER_SCAN = 512;

        final String id;
        final Producer producer;
        final LongAdder released;
        private final long maxBytes;
        private final int maxPackets;
        private byte[][] packets = new byte[256][];
        private long[] targets = new long[256];
        private long[] seqs = new long[256];
        private int head;
        private int size;
        private long bytes;
        private long highest = -1;
        private volatile long headTarget = Long.MAX_VALUE;

        Lane(String id, Producer producer, LongAdder released, long maxBytes, int maxPackets) {
            this.id = id;
            this.producer = producer;
            this.released = released;
            this.maxBytes = maxBytes;
            this.maxPackets = maxPackets;
        }

        synchronized int add(byte[] packet, int seq, long target) {
            if (size == maxPackets || bytes + packet.length > maxBytes) {
                return FULL;
            }
            long ext;
            if (highest < 0) {
                ext = 1L << 20 | seq;
            } else {
                int delta = (short) (seq - (int) (highest & 0xFFFF));
                ext = highest + delta;
            }
            if (size == packets.length) {
                grow();
            }
            int mask = packets.length - 1;
            if (size == 0 || ext > seqs[(head + size - 1) & mask]) {
                int at = (head + size) & mask;
                put(at, packet, target, ext);
            } else {
                // reordered: find its place from the tail, shifting later packets one slot up
                int i = size - 1;
                int scanned = 0;
                while (i >= 0 && seqs[(head + i) & mask] > ext && scanned++ < MAX_REORDER_SCAN) {
                    i--;
                }
                if (i >= 0 && seqs[(head + i) & mask] == ext) {
                    return DUPLICATE;
                }
                for (int j = size - 1; j > i; j--) {
                    int from = (head + j) & mask;
                    int to = (head + j + 1) & mask;
                    packets[to] = packets[from];
                    targets[to] = targets[from];
                    seqs[to] = seqs[from];
                }
                put((head + i + 1) & mask, packet, target, ext);
            }
            size++;
            bytes += packet.length;
            if (ext > highest) {
                highest = ext;
            }
            headTarget = targets[head];
            return ADDED;
        }

        private void put(int at, byte[] packet, long target, long ext) {
            packets[at] = packet;
            targets[at] = target;
            seqs[at] = ext;
        }

        private void grow() {
            int n = packets.length;
            byte[][] p = new byte[n * 2][];
            long[] t = new long[n * 2];
            long[] s = new long[n * 2];
            for (int i = 0; i < size; i++) {
                int from = (head + i) & (n - 1);
                p[i] = packets[from];
                t[i] = targets[from];
                s[i] = seqs[from];
            }
            packets = p;
            targets = t;
            seqs = s;
            head = 0;
        }

        /** Moves the packets due at {@code now} (in order, up to the batch size) out; returns how many. */
        synchronized int drainDue(long now, byte[][] out, long[] outTargets) {
            int n = 0;
            int mask = packets.length - 1;
            while (size > 0 && n < out.length && targets[head] <= now) {
                out[n] = packets[head];
                outTargets[n] = targets[head];
                bytes -= packets[head].length;
                packets[head] = null;
                head = (head + 1) & mask;
                size--;
                n++;
            }
            headTarget = size == 0 ? Long.MAX_VALUE : targets[head];
            return n;
        }

        long headTarget() {
            return headTarget;
        }

        synchronized int size() {
            return size;
        }

        synchronized long bytes() {
            return bytes;
        }

        synchronized int clear() {
            int n = size;
            java.util.Arrays.fill(packets, null);
            size = 0;
            bytes = 0;
            headTarget = Long.MAX_VALUE;
            return n;
        }
    }
}
