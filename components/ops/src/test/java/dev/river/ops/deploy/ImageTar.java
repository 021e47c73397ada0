package dev.river.ops.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the image config out of a {@code docker save} style tar as jib:buildTar writes it. */
final class ImageTar {

    private ImageTar() {
    }

    /** The image's {@code config} object (Entrypoint, ExposedPorts, User, Env ...). */
    static JsonNode config(Path tar) throws IOException {
        Map<String, byte[]> small = smallEntries(tar);
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(small.get("manifest.json"));
        String configName = manifest.get(0).get("Config").asText();
        return json.readTree(small.get(configName)).get("config");
    }

    /** Every entry up to 1 MiB by name (the JSON files; layers are skipped). */
    private static Map<String, byte[]> smallEntries(Path tar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                long padded = (size + 511) / 512 * 512;
                if (size <= (1 << 20)) {
                    byte[] data = in.readNBytes((int) size);
                    entries.put(name.startsWith("./") ? name.substring(2) : name, data);
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
        return entries;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
