package dev.river.main;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names the machine a benchmark ran on, so every `./river bench` table carries the same description.
 */
public final class BenchMachine {

    private BenchMachine() {
    }

    /** The CPU model from /proc/cpuinfo, or "unknown CPU" off Linux. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown CPU";
    }
}
