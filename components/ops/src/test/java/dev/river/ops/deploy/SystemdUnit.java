package dev.river.ops.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read the way systemd reads it: {@code [Section]} headers, {@code Key=Value} lines (a key may
 * repeat), {@code #}/{@code ;} comments, backslash line continuations. Anything else is a parse error.
 */
record SystemdUnit(Path file, Map<String, Map<String, List<String>>> sections) {

    static SystemdUnit parse(Path file) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            while (line.endsWith("\\") && i + 1 < lines.size()) {
                line = line.substring(0, line.length() - 1) + " " + lines.get(++i).strip();
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq < 1) {
                throw new IOException(file.getFileName() + ":" + (i + 1) + ": not a [Section] or Key=Value line: " + line);
            }
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return new SystemdUnit(file, sections);
    }

    List<String> all(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    String one(String section, String key) {
        List<String> v = all(section, key);
        if (v.size() != 1) {
            throw new AssertionError(file.getFileName() + ": expected one " + section + "/" + key + ", found " + v);
        }
        return v.get(0);
    }
}
