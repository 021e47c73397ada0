package dev.river.proxy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.river.proxy.LeastBusyBroker;

/**
 * Scaling through the broker: K workers with a fixed 30 ms service time (K = 1, 2, 4, 8) against the ideal
 * K x 33.3 requests/s, then one 10 ms and one 40 ms worker sharing the load (least busy should give them 80% and
 * 20%, in proportion to their speed). Prints a markdown table for docs/benchmarks.md.
 */
public final class ScalingBenchmark {

    static final String USAGE = """
            usage: java -cp river-proxy.jar:lib/* dev.river.proxy.bench.ScalingBenchmark [options]
              --seconds=S     measured seconds per run (default 5; 5 runs)
              --warmup=S      unmeasured seconds before each run (default 0.5)
              --workers=1,2,4,8  worker counts for the fixed-service-time runs
              --quick         --seconds=2 --warmup=0.3""";

    private ScalingBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> o = BenchSupport.options(args, USAGE);
        boolean quick = o.containsKey("quick");
        double seconds = BenchSupport.number(o, "seconds", quick ? 2 : 5);
        double warmup = BenchSupport.number(o, "warmup", quick ? 0.3 : 0.5);
        List<Integer> ks = new ArrayList<>();
        for (String s : o.getOrDefault("workers", "1,2,4,8").split(",")) {
            ks.add(Integer.parseInt(s.trim()));
        }
        System.err.printf(Locale.ROOT, "river-proxy scaling benchmark: %d run(s) of %.1f s...%n", ks.size() + 1,
                seconds);
        StringBuilder t1 = new StringBuilder("| workers (30 ms each, 1 slot) | in flight | requests/s | ideal K x 33.3/s "
                + "| efficiency | p50 ms | p99 ms |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int k : ks) {
            LeastBusyBroker broker = BenchSupport.startBroker();
            List<BenchWorker> workers = new ArrayList<>();
            try {
                for (int i = 0; i < k; i++) {
                    workers.add(new BenchWorker("w" + i, broker.getBackendEndpoint(), 1, 30_000, BenchSupport.MODEL));
                }
                BenchSupport.awaitWorkers(broker, k);
                int inflight = 2 * k;
                BenchSupport.Run r = BenchSupport.load(broker.getFrontendEndpoint(), 64, inflight, warmup, seconds,
                        false);
                double ideal = k * 1000.0 / 30.0;
                t1.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.0f%% | %.1f | %.1f |%n", k, inflight,
                        r.rate(), ideal, 100 * r.rate() / ideal, r.percentileMicros(50) / 1000,
                        r.percentileMicros(99) / 1000));
            } finally {
                workers.forEach(BenchWorker::close);
                broker.stop();
            }
        }
        StringBuilder t2 = new StringBuilder("| worker | service time | requests | share | expected share "
                + "(proportional to speed) |\n|---|---:|---:|---:|---:|\n");
        LeastBusyBroker broker = BenchSupport.startBroker();
        BenchWorker fast = new BenchWorker("fast-10ms", broker.getBackendEndpoint(), 1, 10_000, BenchSupport.MODEL);
        BenchWorker slow = new BenchWorker("slow-40ms", broker.getBackendEndpoint(), 1, 40_000, BenchSupport.MODEL);
        double rate;
        try {
            BenchSupport.awaitWorkers(broker, 2);
            BenchSupport.Run r = BenchSupport.load(broker.getFrontendEndpoint(), 64, 8, warmup, seconds, true);
            rate = r.rate();
            long total = r.perWorker().values().stream().mapToLong(Long::longValue).sum();
            long f = r.perWorker().getOrDefault("fast-10ms", 0L);
            long s = r.perWorker().getOrDefault("slow-40ms", 0L);
            t2.append(String.format(Locale.ROOT, "| fast | 10 ms | %d | %.1f%% | 80%% |%n", f, 100.0 * f / total));
            t2.append(String.format(Locale.ROOT, "| slow | 40 ms | %d | %.1f%% | 20%% |%n", s, 100.0 * s / total));
        } finally {
            fast.close();
            slow.close();
            broker.stop();
        }
        StringBuilder cmd = new StringBuilder("./river bench scaling");
        for (String a : args) {
            cmd.append(' ').append(a);
        }
        System.out.println("### Scaling through river-proxy\n");
        System.out.println("Command: `" + cmd + "`  ");
        System.out.println("Machine: " + BenchSupport.machine() + "  ");
        System.out.printf(Locale.ROOT, "Runs: %.1f s measured after %.1f s warm-up each; workers are plain JeroMQ "
                + "RIVER/1 workers that answer after a fixed service time; client keeps 2 requests per worker in "
                + "flight.%n%n", seconds, warmup);
        System.out.print(t1);
        System.out.println();
        System.out.printf(Locale.ROOT, "Mixed speeds (8 in flight, %.1f requests/s; ideal 100 + 25 = 125/s):%n%n",
                rate);
        System.out.print(t2);
    }
}
