package dev.river.proxy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Gives one thread of this JVM a CPU of its own for a benchmark: every thread of the process is moved to the other
 * CPUs (threads started later inherit that), then the chosen thread to its CPU. On a small machine this is how the
 * broker can be measured as it is deployed, on a host of its own, without a third machine: the client and the
 * worker keep the same CPUs on both paths and the broker adds a core instead of taking a share of theirs. Linux
 * only; uses util-linux's {@code taskset} (sched_setaffinity by thread id).
 */
final class CpuPinning {

    private CpuPinning() {
    }

    /** Moves every thread of this process to every online CPU except {@code cpu}. */
    static void everyThreadExcept(int cpu) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpu < 0 || cpu >= cpus || cpus < 2) {
            throw new IllegalArgumentException("--broker-cpu=" + cpu + ": needs a CPU from 0 to " + (cpus - 1)
                    + " and at least one other CPU (this machine has " + cpus + ")");
        }
        StringJoiner others = new StringJoiner(",");
        for (int c = 0; c < cpus; c++) {
            if (c != cpu) {
                others.add(Integer.toString(c));
            }
        }
        taskset("-a", "-p", "-c", others.toString(), Long.toString(ProcessHandle.current().pid()));
    }

    /** Moves the threads of this process named {@code threadName} to {@code cpu}; returns how many there were. */
    static int threadsNamed(String threadName, int cpu) {
        List<String> tids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).trim();
                // the kernel keeps the first 15 bytes of a thread's name
                if (comm.equals(threadName.length() > 15 ? threadName.substring(0, 15) : threadName)) {
                    tids.add(task.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/task: " + e.getMessage(), e);
        }
        for (String tid : tids) {
            taskset("-p", "-c", Integer.toString(cpu), tid);
        }
        return tids.size();
    }

    private static void taskset(String... args) {
        List<String> cmd = new ArrayList<>(List.of("taskset"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run taskset (util-linux): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running taskset", e);
        }
    }
}
