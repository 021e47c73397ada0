package dev.river.worker.decode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.river.worker.WorkerConfigException;
import dev.river.worker.WorkerSettings;

/** Class names for detection models: a labels file, the model's {@code names} metadata, or "class&lt;i&gt;". */
public final class LabelNames {

    private static final Pattern ENTRY = Pattern.compile("(\\d+)\\s*:\\s*(['\"])(.*?)\\2");

    private final List<String> names;

    private LabelNames(List<String> names) {
        this.names = List.copyOf(names);
    }

    /** No names known: every class is "class&lt;i&gt;". */
    public static LabelNames none() {
        return new LabelNames(List.of());
    }

    /** The labels file (one name per line, blank lines kept as classes) wins over the model metadata. */
    public static LabelNames resolve(Path labelsFile, Map<String, String> modelMetadata) {
        if (labelsFile != null) {
            try {
                List<String> lines = new ArrayList<>(Files.readAllLines(labelsFile, StandardCharsets.UTF_8));
                while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                    lines.remove(lines.size() - 1);
                }
                return new LabelNames(lines.stream().map(String::trim).toList());
            } catch (IOException e) {
                throw new WorkerConfigException(WorkerSettings.LABELS, "cannot read " + labelsFile + ": " + e.getMessage());
            }
        }
        String meta = modelMetadata.get("names");
        return meta == null ? none() : new LabelNames(parseNames(meta));
    }

    /** Parses Ultralytics' Python-dict-like {@code {0: 'person', 1: 'bicycle'}}; missing indices get class&lt;i&gt;. */
    public static List<String> parseNames(String dict) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        Matcher m = ENTRY.matcher(dict);
        while (m.find()) {
            byIndex.put(Integer.parseInt(m.group(1)), m.group(3));
        }
        if (byIndex.isEmpty()) {
            return List.of();
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i <= byIndex.lastKey(); i++) {
            list.add(byIndex.getOrDefault(i, "class" + i));
        }
        return list;
    }

    /** How many names are known (0 when none). */
    public int size() {
        return names.size();
    }

    public String name(int index) {
        return index < names.size() && !names.get(index).isEmpty() ? names.get(index) : "class" + index;
    }
}
