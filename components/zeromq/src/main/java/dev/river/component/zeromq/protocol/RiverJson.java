package dev.river.component.zeromq.protocol;

/**
 * The little JSON RIVER/1 endpoints must write themselves (error objects, the worker name) and read (the "error"
 * field of a reply), without pulling a JSON library into every Camel application that uses the component.
 */
public final class RiverJson {

    private RiverJson() {
    }

    /** The JSON string literal (with quotes) of {@code s}. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** {@code {"error":"<reason>"}}, plus {@code "worker"} when a worker name is given. */
    public static String error(String reason, String worker) {
        String e = "{\"error\":" + quote(reason == null ? "unknown error" : reason);
        return worker == null ? e + "}" : e + ",\"worker\":" + quote(worker) + "}";
    }

    /**
     * Adds {@code "worker":name} to a JSON object unless it already names a worker; returns the input unchanged when
     * it is not an object.
     */
    public static String withWorker(String json, String quotedWorker) {
        if (json == null || json.isBlank()) {
            return "{\"worker\":" + quotedWorker + "}";
        }
        String t = json.strip();
        if (!t.startsWith("{") || !t.endsWith("}") || t.contains("\"worker\"")) {
            return json;
        }
        String inner = t.substring(1, t.length() - 1);
        return inner.isBlank()
                ? "{\"worker\":" + quotedWorker + "}"
                : "{\"worker\":" + quotedWorker + "," + inner + "}";
    }

    /**
     * The value of a top-level string field, e.g. {@code error}, or null when absent or not a string. Good enough for
     * the flat objects RIVER/1 peers send; not a general JSON parser.
     */
    public static String stringField(String json, String name) {
        if (json == null) {
            return null;
        }
        String key = "\"" + name + "\"";
        int k = json.indexOf(key);
        if (k < 0) {
            return null;
        }
        int i = k + key.length();
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        if (i >= json.length() || json.charAt(i) != ':') {
            return null;
        }
        i++;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        if (i >= json.length() || json.charAt(i) != '"') {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (i++; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && i + 1 < json.length()) {
                char e = json.charAt(++i);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 >= json.length()) {
                            return null;
                        }
                        try {
                            b.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        } catch (NumberFormatException bad) {
                            return null;
                        }
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        return null;
    }
}
