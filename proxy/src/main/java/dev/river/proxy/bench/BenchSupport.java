package dev.river.proxy.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.river.component.zeromq.protocol.RiverProtocol;
import dev.river.proxy.BrokerSettings;
import dev.river.proxy.LeastBusyBroker;
import dev.river.main.BenchMachine;

/** Shared pieces of the benchmark harnesses: options, machine description, a RIVER/1 load client, percentiles. */
final class BenchSupport {

    static final String MODEL = "bench";

    private BenchSupport() {
    }

    /** {@code --key=value} options. */
    static Map<String, String> options(String[] args, String usage) {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            if ("--help".equals(a) || "-h".equals(a)) {
                System.out.println(usage);
                System.exit(0);
            }
            int eq = a.indexOf('=');
            if (!a.startsWith("--")) {
                System.err.println("unrecognised argument '" + a + "'\n" + usage);
                System.exit(2);
            }
            m.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        return m;
    }

    static double number(Map<String, String> o, String key, double def) {
        String v = o.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            System.err.println("invalid option --" + key + "=" + v + ": must be a number");
            System.exit(2);
            return def;
        }
    }

    static String machine() {
        String cpu = BenchMachine.cpuModel();
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", " + cpu + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    static LeastBusyBroker startBroker() {
        return startBroker(BrokerSettings.DEFAULT_TRANSPORT);
    }

    static LeastBusyBroker startBroker(BrokerSettings.Transport transport) {
        LeastBusyBroker broker = new LeastBusyBroker(BrokerSettings.builder().frontend("tcp://127.0.0.1:*")
                .backend("tcp://127.0.0.1:*").maxMessageSize(64L * 1024 * 1024).transport(transport).build());
        broker.start();
        return broker;
    }

    static void awaitWorkers(LeastBusyBroker broker, int n) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (broker.stats().workers().size() < n) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("workers did not register with the broker");
            }
            sleep(5);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- CPU accounting per thread group ---------------------------------------------------------------

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final Map<Long, String> GROUPS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Puts every live thread not yet in a group into {@code group} (JeroMQ I/O threads into {@code group-io});
     * at measurement time the calling thread counts as "client", JeroMQ threads in no group as "client-io" (the
     * load client's context), other new threads as "jvm".
     */
    static void claimThreads(String group) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String g = t.getName().startsWith("iothread") || t.getName().startsWith("reaper") ? group + "-io" : group;
            GROUPS.putIfAbsent(t.getId(), g);
        }
    }

    static Map<Long, Long> cpuSnapshot() {
        Map<Long, Long> m = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long t = THREADS.getThreadCpuTime(id);
            if (t >= 0) {
                m.put(id, t);
            }
        }
        return m;
    }

    /** CPU nanoseconds per thread group between two snapshots. */
    static Map<String, Long> cpuDelta(Map<Long, Long> from, Map<Long, Long> to) {
        Map<String, Long> m = new java.util.TreeMap<>();
        long self = Thread.currentThread().getId();
        to.forEach((id, t) -> {
            String g = id == self ? "client" : GROUPS.get(id);
            if (g == null) {
                // a thread started since: the load client's JeroMQ threads, or the JVM's (e.g. a new JIT thread)
                java.lang.management.ThreadInfo info = THREADS.getThreadInfo(id);
                String name = info == null ? "" : info.getThreadName();
                g = name.startsWith("iothread") || name.startsWith("reaper") ? "client-io" : "jvm";
            }
            m.merge(g, t - from.getOrDefault(id, 0L), Long::sum);
        });
        return m;
    }

    /** A run that was not made. */
    static final Run NONE = new Run(0, 1, new long[0], 0, Map.of(), 0, Map.of());

    /** Result of one load run. */
    record Run(long requests, double seconds, long[] latencyNanos, int count, Map<String, Long> perWorker,
            long errors, Map<String, Long> cpuNanos) {
        double rate() {
            return requests / seconds;
        }

        /** CPU µs per measured request spent by thread group {@code group} (0 if none). */
        double cpuMicros(String group) {
            return requests == 0 ? Double.NaN : cpuNanos.getOrDefault(group, 0L) / 1000.0 / requests;
        }

        double percentileMicros(double p) {
            if (count == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(latencyNanos, count);
            Arrays.sort(sorted);
            int i = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
            return sorted[i] / 1000.0;
        }
    }

    /** Several runs as one: their requests, seconds and CPU added up, their latencies together; NONE if empty. */
    static Run pool(java.util.List<Run> runs) {
        if (runs.isEmpty()) {
            return NONE;
        }
        if (runs.size() == 1) {
            return runs.get(0);
        }
        long requests = 0;
        double seconds = 0;
        long errors = 0;
        int count = 0;
        for (Run r : runs) {
            count += r.count();
        }
        long[] lat = new long[count];
        int at = 0;
        Map<String, Long> perWorker = new HashMap<>();
        Map<String, Long> cpu = new HashMap<>();
        for (Run r : runs) {
            requests += r.requests();
            seconds += r.seconds();
            errors += r.errors();
            System.arraycopy(r.latencyNanos(), 0, lat, at, r.count());
            at += r.count();
            r.perWorker().forEach((k, v) -> perWorker.merge(k, v, Long::sum));
            r.cpuNanos().forEach((k, v) -> cpu.merge(k, v, Long::sum));
        }
        return new Run(requests, seconds, lat, count, perWorker, errors, cpu);
    }

    /**
     * A DEALER client keeping {@code inflight} RIVER/1 REQUESTs outstanding for {@code warmupSeconds} (not
     * counted) then {@code seconds}; every reply's latency is recorded.
     */
    static Run load(String endpoint, int payloadBytes, int inflight, double warmupSeconds, double seconds,
            boolean countWorkers) {
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 7);
        byte[] model = MODEL.getBytes(StandardCharsets.UTF_8);
        byte[] meta = "{\"format\":\"rgb24\",\"width\":320,\"height\":320}".getBytes(StandardCharsets.UTF_8);
        byte[] request = RiverProtocol.ascii(RiverProtocol.REQUEST);
        long[] sentAt = new long[1 << 16];
        long[] lat = new long[4_000_000];
        int count = 0;
        long errors = 0;
        Map<String, Long> perWorker = new HashMap<>();
        try (ZContext zmq = new ZContext(1)) {
            ZMQ.Socket s = connect(zmq, endpoint);
            s.setReceiveTimeOut(5000);
            long seq = 0;
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmupSeconds * 1e9);
            long end = measureFrom + (long) (seconds * 1e9);
            long measured = 0;
            int outstanding = 0;
            Map<Long, Long> cpuFrom = null;
            Map<String, Long> cpu = Map.of();
            long deadline = System.currentTimeMillis() + 3_600_000;
            byte[] deadlineFrame = RiverProtocol.encodeDeadline(deadline);
            while (true) {
                long now = System.nanoTime();
                if (cpuFrom == null && now >= measureFrom) {
                    cpuFrom = cpuSnapshot();
                }
                boolean sending = now < end;
                if (!sending && cpuFrom != null && cpu.isEmpty()) {
                    cpu = cpuDelta(cpuFrom, cpuSnapshot());
                }
                while (sending && outstanding < inflight) {
                    long id = seq++;
                    sentAt[(int) (id & 0xffff)] = System.nanoTime();
                    s.sendMore(RiverProtocol.EMPTY);
                    s.sendMore(RiverProtocol.CLIENT_BYTES);
                    s.sendMore(request);
                    s.sendMore(longBytes(id));
                    s.sendMore(model);
                    s.sendMore(deadlineFrame);
                    s.sendMore(meta);
                    s.send(payload);
                    outstanding++;
                }
                if (outstanding == 0) {
                    break;
                }
                byte[] first = s.recv(0);
                if (first == null) {
                    throw new IllegalStateException("no reply within 5 s (" + outstanding + " outstanding)");
                }
                byte[][] f = new byte[7][];
                int n = 0;
                f[n++] = first;
                while (s.hasReceiveMore()) {
                    byte[] x = s.recv(0);
                    if (n < 7) {
                        f[n] = x;
                    }
                    n++;
                }
                long done = System.nanoTime();
                outstanding--;
                if (n != 7) {
                    errors++;
                    continue;
                }
                long id = readLong(f[3]);
                boolean ok = "OK".equals(new String(f[4], StandardCharsets.US_ASCII));
                if (!ok) {
                    errors++;
                }
                long t0 = sentAt[(int) (id & 0xffff)];
                if (t0 >= measureFrom && done <= end) {
                    measured++;
                    if (count < lat.length) {
                        lat[count++] = done - t0;
                    }
                    if (countWorkers && ok) {
                        String meta0 = new String(f[5], StandardCharsets.UTF_8);
                        int i = meta0.indexOf("\"worker\":\"");
                        String w = i < 0 ? "?" : meta0.substring(i + 10, meta0.indexOf('"', i + 10));
                        perWorker.merge(w, 1L, Long::sum);
                    }
                }
            }
            return new Run(measured, seconds, Arrays.copyOf(lat, count), count, perWorker, errors, cpu);
        }
    }

    /**
     * A DEALER that has had a PONG: JeroMQ 0.6.0 now and then gives a new connection that delivers nothing, so a
     * client PINGs first and starts over with a new socket when the PING goes unanswered.
     */
    static ZMQ.Socket connect(ZContext zmq, String endpoint) {
        for (int attempt = 0; attempt < 20; attempt++) {
            ZMQ.Socket s = zmq.createSocket(SocketType.DEALER);
            s.setLinger(0);
            s.setRcvHWM(0);
            s.setSndHWM(0);
            s.connect(endpoint);
            s.sendMore(RiverProtocol.EMPTY);
            s.sendMore(RiverProtocol.CLIENT_BYTES);
            s.send(RiverProtocol.ascii(RiverProtocol.PING));
            s.setReceiveTimeOut(500);
            byte[] first = s.recv(0);
            if (first != null) {
                while (s.hasReceiveMore()) {
                    s.recv(0);
                }
                return s;
            }
            zmq.destroySocket(s);
        }
        throw new IllegalStateException("no PONG from " + endpoint);
    }

    static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    static long readLong(byte[] b) {
        if (b.length != 8) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }
}
