package dev.river.proxy;

import java.nio.charset.StandardCharsets;

/** Minimal JSON writing for the few broker-made documents (errors, STATS); never used for forwarded frames. */
final class Json {

    private Json() {
    }

    static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /** {@code {"error":"<reason>"}} as UTF-8. */
    static byte[] error(String reason) {
        return string(new StringBuilder(reason.length() + 16).append("{\"error\":"), reason).append('}').toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
