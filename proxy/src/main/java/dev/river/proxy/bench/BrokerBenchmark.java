package dev.river.proxy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.river.proxy.BrokerSettings;
import dev.river.proxy.LeastBusyBroker;

/**
 * Broker overhead: RIVER/1 requests through an in-process {@link LeastBusyBroker} to a no-op worker, side by
 * side in the same run with the same client talking directly to a no-op ROUTER worker (no broker), in rounds that
 * alternate the two paths (a shared machine's slow spells fall on both; the summary gives the median ratio and each
 * round's). Latency with one request in flight, throughput with many in flight, for 64-byte and 307,200-byte
 * (320x320 RGB) payloads. Optionally the broker thread gets a CPU of its own ({@link CpuPinning}).
 * Prints a markdown table for docs/benchmarks.md, then the CPU time per request of each party's threads
 * (ThreadMXBean; throughput on a small shared machine is CPU-bound, so this is the comparison that survives
 * other load), then, as an extra, the same throughput runs with a worker that burns 1 ms of CPU per request.
 */
public final class BrokerBenchmark {

    static final String USAGE = """
            usage: java -cp river-proxy.jar:lib/* dev.river.proxy.bench.BrokerBenchmark [options]
              --seconds=S     measured seconds per run (default 4; 12 runs)
              --warmup=S      unmeasured seconds before each run (default 1)
              --inflight=N    requests in flight in the throughput runs (default 32)
              --sizes=A,B     payload sizes in bytes (default 64,307200)
              --runs=dl,bl,dt,bt  which runs (direct/broker x latency/throughput; default all)
              --repeat=R      R rounds of the runs, direct and broker alternating (default 3): the tables pool
                              the rounds, the summary gives the median ratio and each round's
              --spin-us=N     extra runs: worker busy-spins N µs per request (default 1000; 0 = no extra runs)
              --transport=T   the broker's river.proxy.transport: nio (default) or jeromq
              --broker-cpu=N  the broker thread alone on CPU N, every other thread on the other CPUs: the
                              broker on hardware of its own, as deployed (default: all share every CPU)
              --quick         --seconds=1 --warmup=0.5""";

    private static final String TABLE_HEAD = "| payload | path | in flight | requests/s | p50 µs | p99 µs |\n"
            + "|---:|---|---:|---:|---:|---:|\n";
    private static final String CPU_HEAD = "| payload | path | in flight | client | client I/O | broker thread "
            + "| broker I/O | worker | worker I/O | total |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";

    private BrokerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchSupport.options(args, USAGE);
        boolean quick = o.containsKey("quick");
        double seconds = BenchSupport.number(o, "seconds", quick ? 1 : 4);
        double warmup = BenchSupport.number(o, "warmup", quick ? 0.5 : 1);
        int inflight = (int) BenchSupport.number(o, "inflight", 32);
        long spinMicros = (long) BenchSupport.number(o, "spin-us", 1000);
        List<String> runs = List.of(o.getOrDefault("runs", "dl,bl,dt,bt").split(","));
        int rounds = Math.max(1, (int) BenchSupport.number(o, "repeat", 3));
        List<Integer> sizes = new ArrayList<>();
        for (String s : o.getOrDefault("sizes", "64,307200").split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        System.err.printf(Locale.ROOT, "river-proxy broker benchmark: %d run(s) of %.1f s (+%.1f s warm-up)...%n",
                sizes.size() * (4 * rounds + (spinMicros > 0 ? 2 : 0)), seconds, warmup);
        String machine = BenchSupport.machine(); // before any pinning changes what the JVM sees

        int brokerCpu = (int) BenchSupport.number(o, "broker-cpu", -1);
        if (brokerCpu >= 0) {
            CpuPinning.everyThreadExcept(brokerCpu);
        }
        BenchSupport.claimThreads("jvm");
        BrokerSettings.Transport transport = BrokerSettings.fromLookup(
                k -> BrokerSettings.TRANSPORT.equals(k) ? o.get("transport") : null).transport();
        LeastBusyBroker broker = BenchSupport.startBroker(transport);
        if (brokerCpu >= 0 && CpuPinning.threadsNamed(LeastBusyBroker.THREAD_NAME, brokerCpu) != 1) {
            throw new IllegalStateException("no single " + LeastBusyBroker.THREAD_NAME + " thread to pin");
        }
        BenchSupport.claimThreads("broker");
        BenchWorker worker = new BenchWorker("noop", broker.getBackendEndpoint(), 1024, 0, BenchSupport.MODEL);
        BenchSupport.awaitWorkers(broker, 1);
        BenchSupport.claimThreads("worker");
        DirectEchoWorker direct = new DirectEchoWorker();
        BenchSupport.claimThreads("direct");
        StringBuilder table = new StringBuilder();
        StringBuilder cpu = new StringBuilder(CPU_HEAD);
        StringBuilder summary = new StringBuilder();
        StringBuilder extra = new StringBuilder(TABLE_HEAD);
        StringBuilder extraCpu = new StringBuilder(CPU_HEAD);
        StringBuilder extraSummary = new StringBuilder();
        try {
            BenchSupport.awaitWorkers(broker, 1);
            table.append(TABLE_HEAD);
            for (int size : sizes) {
                // rounds alternate the paths so that a slow spell of a shared machine falls on both
                List<BenchSupport.Run> dls = new ArrayList<>();
                List<BenchSupport.Run> bls = new ArrayList<>();
                List<BenchSupport.Run> dts = new ArrayList<>();
                List<BenchSupport.Run> bts = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    if (runs.contains("dl")) {
                        dls.add(BenchSupport.load(direct.endpoint(), size, 1, warmup, seconds, false));
                    }
                    if (runs.contains("bl")) {
                        bls.add(BenchSupport.load(broker.getFrontendEndpoint(), size, 1, warmup, seconds, false));
                    }
                    if (runs.contains("dt")) {
                        dts.add(BenchSupport.load(direct.endpoint(), size, inflight, warmup, seconds, false));
                    }
                    if (runs.contains("bt")) {
                        bts.add(BenchSupport.load(broker.getFrontendEndpoint(), size, inflight, warmup, seconds,
                                false));
                    }
                }
                BenchSupport.Run dl = BenchSupport.pool(dls);
                BenchSupport.Run bl = BenchSupport.pool(bls);
                BenchSupport.Run dt = BenchSupport.pool(dts);
                BenchSupport.Run bt = BenchSupport.pool(bts);
                row(table, size, "direct (no broker)", 1, dl);
                row(table, size, "river-proxy", 1, bl);
                row(table, size, "direct (no broker)", inflight, dt);
                row(table, size, "river-proxy", inflight, bt);
                cpuRow(cpu, size, "direct (no broker)", 1, dl, "direct");
                cpuRow(cpu, size, "river-proxy", 1, bl, "worker");
                cpuRow(cpu, size, "direct (no broker)", inflight, dt, "direct");
                cpuRow(cpu, size, "river-proxy", inflight, bt, "worker");
                summary.append(String.format(Locale.ROOT,
                        "- %,d B: broker-added latency (p50 broker - p50 direct) = %s; "
                                + "throughput through the broker = %s of direct (%d in flight)%n",
                        size, perRound(dls, bls, " µs", (d, b) -> b.percentileMicros(50) - d.percentileMicros(50)),
                        perRound(dts, bts, "%", (d, b) -> 100.0 * b.rate() / d.rate()), inflight));
                if (spinMicros > 0) {
                    worker.setSpinMicros(spinMicros);
                    direct.setSpinMicros(spinMicros);
                    BenchSupport.Run ds = BenchSupport.load(direct.endpoint(), size, inflight, warmup, seconds, false);
                    BenchSupport.Run bs = BenchSupport.load(broker.getFrontendEndpoint(), size, inflight, warmup,
                            seconds, false);
                    worker.setSpinMicros(0);
                    direct.setSpinMicros(0);
                    row(extra, size, "direct (no broker)", inflight, ds);
                    row(extra, size, "river-proxy", inflight, bs);
                    cpuRow(extraCpu, size, "direct (no broker)", inflight, ds, "direct");
                    cpuRow(extraCpu, size, "river-proxy", inflight, bs, "worker");
                    extraSummary.append(String.format(Locale.ROOT, "- %,d B, %d µs worker CPU per request: throughput "
                            + "through the broker = %.0f%% of direct (%d in flight)%n", size, spinMicros,
                            100.0 * bs.rate() / ds.rate(), inflight));
                }
                long errors = dl.errors() + bl.errors() + dt.errors() + bt.errors();
                if (errors > 0) {
                    summary.append("- ").append(errors).append(" error replies at ").append(size).append(" B\n");
                }
            }
        } finally {
            worker.close();
            direct.close();
            broker.stop();
        }
        StringBuilder cmd = new StringBuilder("./river bench broker");
        for (String a : args) {
            cmd.append(' ').append(a);
        }
        System.out.println("### Broker overhead (RIVER/1, no-op worker)\n");
        System.out.println("Command: `" + cmd + "`  ");
        System.out.println("Machine: " + machine + "  ");
        System.out.printf(Locale.ROOT, "Runs: %.1f s measured after %.1f s warm-up each, %d round(s) with direct and "
                + "broker alternating (the table pools the rounds: mean rate, percentiles over every request); client, "
                + "broker and worker in one JVM on their own threads and ZContexts, over tcp://127.0.0.1; broker "
                + "transport %s; %s.%n%n",
                seconds, warmup, rounds, transport.value(), brokerCpu < 0 ? "every thread may run on every CPU"
                        : "the broker thread alone on CPU " + brokerCpu + ", every other thread (client, worker, "
                                + "JVM) on the other CPU(s) on both paths");
        System.out.print(table);
        System.out.println();
        System.out.print(summary);
        System.out.println("\nCPU µs per request by thread (ThreadMXBean thread CPU time over the measured "
                + "seconds / requests; I/O = the JeroMQ I/O and reaper threads of that party's ZContext"
                + (transport == BrokerSettings.Transport.NIO ? "; the broker (river.proxy.transport=nio) has none: "
                        + "its socket reads and writes are in the broker thread column" : "")
                + "):\n");
        System.out.print(cpu);
        if (spinMicros > 0) {
            System.out.printf(Locale.ROOT, "%n#### Extra, not a replacement: a worker that busy-spins %d µs of CPU per "
                    + "request (one worker thread, like an inference), same client, both paths%n%n", spinMicros);
            System.out.print(extra);
            System.out.println();
            System.out.print(extraSummary);
            System.out.println("\nCPU µs per request by thread (the worker column includes the spin):\n");
            System.out.print(extraCpu);
        }
    }

    /**
     * The median over rounds of {@code f(direct, broker)}, then every round's value: "123 µs (median of 3 rounds:
     * 101, 123, 140)"; "n/a" when either path was not run.
     */
    private static String perRound(List<BenchSupport.Run> direct, List<BenchSupport.Run> broker, String unit,
            java.util.function.ToDoubleBiFunction<BenchSupport.Run, BenchSupport.Run> f) {
        int n = Math.min(direct.size(), broker.size());
        if (n == 0) {
            return "n/a";
        }
        double[] v = new double[n];
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < n; i++) {
            v[i] = f.applyAsDouble(direct.get(i), broker.get(i));
            each.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", v[i]));
        }
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return n == 1 ? String.format(Locale.ROOT, "%.0f%s", median, unit)
                : String.format(Locale.ROOT, "%.0f%s (median of %d rounds: %s)", median, unit, n, each);
    }

    private static void cpuRow(StringBuilder t, int size, String path, int inflight, BenchSupport.Run r,
            String worker) {
        if (r == BenchSupport.NONE) {
            return;
        }
        double c = r.cpuMicros("client");
        double cio = r.cpuMicros("client-io");
        double b = r.cpuMicros("broker");
        double bio = r.cpuMicros("broker-io");
        double w = r.cpuMicros(worker);
        double wio = r.cpuMicros(worker + "-io");
        t.append(String.format(Locale.ROOT, "| %,d B | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                size, path, inflight, c, cio, b, bio, w, wio, c + cio + b + bio + w + wio));
    }

    private static void row(StringBuilder t, int size, String path, int inflight, BenchSupport.Run r) {
        if (r == BenchSupport.NONE) {
            return;
        }
        t.append(String.format(Locale.ROOT, "| %,d B | %s | %d | %,.0f | %.0f | %.0f |%n", size, path, inflight,
                r.rate(), r.percentileMicros(50), r.percentileMicros(99)));
    }
}
