package dev.river.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The values one setting accepts, and the words that tell an operator what is expected ("a port number from 1 to
 * 65535"). Services declare a rule per key next to their settings ({@link SettingsValidator}); a key without one
 * gets the rule {@link #inferredFrom inferred} from its packaged default.
 *
 * <p>Values are checked trimmed; an empty value is refused unless the rule says otherwise ({@link #orEmpty()}).
 */
public final class SettingRule {

    private static final Pattern TCP_CONNECT = Pattern.compile("tcp://([^:/\\s*]+|\\[[0-9a-fA-F:.]+\\]):(\\d{1,5})");
    private static final Pattern TCP_BIND = Pattern.compile("tcp://([^:/\\s]+|\\[[0-9a-fA-F:.]+\\]):(\\*|\\d{1,5})");
    private static final Pattern IPC = Pattern.compile("(ipc|inproc)://\\S+");
    private static final Pattern HOST_PORT = Pattern.compile("([^:/\\s]+|\\[[0-9a-fA-F:.]+\\]):(\\d{1,5})");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final String expected;
    private final Function<String, String> problem;

    private SettingRule(String expected, Function<String, String> problem) {
        this.expected = expected;
        this.problem = problem;
    }

    /** A rule that accepts the values {@code accepts} tests true for; {@code expected} describes them. */
    public static SettingRule of(String expected, Predicate<String> accepts) {
        return new SettingRule(expected, v -> accepts.test(v) ? null : "expected " + expected);
    }

    /**
     * A rule whose check says itself what is wrong: {@code problem} returns null for an accepted value, else a few
     * words such as {@code no such file: /models/x.onnx}.
     */
    public static SettingRule checking(String expected, Function<String, String> problem) {
        return new SettingRule(expected, problem);
    }

    /** What the rule accepts, as a phrase for messages and documentation. */
    public String expected() {
        return expected;
    }

    /** Null when {@code value} is accepted, else what is wrong with it. */
    public String problem(String value) {
        return problem.apply(value == null ? "" : value.trim());
    }

    /** @throws InvalidSettingException naming {@code key} and {@code value} when the value is not accepted */
    public void check(String key, String value) {
        String p = problem(value);
        if (p != null) {
            throw new InvalidSettingException(key, value, p);
        }
    }

    /** This rule, or an empty value (which then means the service's built-in default). */
    public SettingRule orEmpty() {
        String either = expected + ", or empty";
        return new SettingRule(either, v -> {
            String p = v.isEmpty() ? null : problem.apply(v);
            return p != null && p.equals("expected " + expected) ? "expected " + either : p;
        });
    }

    /** Any text, also empty. */
    public static SettingRule text() {
        return new SettingRule("any text", v -> null);
    }

    /** Any text but empty. */
    public static SettingRule nonEmpty() {
        return of("a non-empty value", v -> !v.isEmpty());
    }

    /** true or false (any case). */
    public static SettingRule bool() {
        return of("true or false", v -> "true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v));
    }

    /** A whole number from {@code min} to {@code max}. */
    public static SettingRule wholeNumber(long min, long max) {
        String expected = max == Long.MAX_VALUE
                ? "a whole number" + (min == Long.MIN_VALUE ? "" : " of at least " + min)
                : "a whole number from " + min + " to " + max;
        return of(expected, v -> {
            if (!INTEGER.matcher(v).matches()) {
                return false;
            }
            try {
                long n = Long.parseLong(v);
                return n >= min && n <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }

    /** A whole number greater than 0 (that fits a Java int). */
    public static SettingRule positive() {
        return wholeNumber(1, Integer.MAX_VALUE);
    }

    /** A whole number, 0 or more (that fits a Java long). */
    public static SettingRule nonNegative() {
        return wholeNumber(0, Long.MAX_VALUE);
    }

    /** A TCP or UDP port to listen on or connect to: 1 to 65535. */
    public static SettingRule port() {
        SettingRule range = wholeNumber(1, 65535);
        return of("a port number from 1 to 65535", v -> range.problem(v) == null);
    }

    /** A number (decimals allowed) from {@code min} to {@code max}. */
    public static SettingRule number(double min, double max) {
        String expected = max == Double.MAX_VALUE
                ? "a number" + (min == -Double.MAX_VALUE ? "" : " of at least " + plain(min))
                : "a number from " + plain(min) + " to " + plain(max);
        return of(expected, v -> {
            if (!DECIMAL.matcher(v).matches()) {
                return false;
            }
            double d = Double.parseDouble(v);
            return d >= min && d <= max;
        });
    }

    /** One of {@code values} (any case). */
    public static SettingRule oneOf(String... values) {
        return of("one of " + String.join(", ", values),
                v -> Arrays.stream(values).anyMatch(x -> x.equalsIgnoreCase(v)));
    }

    /** A ZeroMQ address to connect to: {@code tcp://host:port} (port 1 to 65535) or {@code ipc://path}. */
    public static SettingRule zeromqConnect() {
        return checking("a ZeroMQ address such as tcp://127.0.0.1:5555 (tcp://host:port) or ipc:///path",
                v -> zeromq(v, TCP_CONNECT, 1,
                        "expected a ZeroMQ address such as tcp://127.0.0.1:5555 (tcp://host:port) or ipc:///path"));
    }

    /**
     * A ZeroMQ address to bind: {@code tcp://host:port} (port 0 to 65535, or {@code *} for any free one; host
     * {@code *} for every interface) or {@code ipc://path}.
     */
    public static SettingRule zeromqBind() {
        return checking("a ZeroMQ bind address such as tcp://127.0.0.1:5555 (tcp://host:port, port * for any)"
                        + " or ipc:///path",
                v -> zeromq(v, TCP_BIND, 0, "expected a ZeroMQ bind address such as tcp://127.0.0.1:5555"
                                            + " (tcp://host:port, port * for any) or ipc:///path"));
    }

    /** {@code host:port} (port 1 to 65535). */
    public static SettingRule hostPort() {
        return of("host:port such as 127.0.0.1:5006", v -> {
            var m = HOST_PORT.matcher(v);
            return m.matches() && inRange(m.group(2), 1);
        });
    }

    /** A path to an existing, readable regular file. */
    public static SettingRule existingFile() {
        return checking("the path of an existing, readable file", v -> {
            if (v.isEmpty()) {
                return "expected the path of an existing, readable file";
            }
            Path p = Path.of(v).toAbsolutePath();
            if (!Files.exists(p)) {
                return "no such file: " + p;
            }
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                return "not a readable file: " + p;
            }
            return null;
        });
    }

    /**
     * The rule for a key nobody declared one for, from the shape of its packaged default: {@code true}/{@code
     * false} must stay a boolean, a whole number a whole number (0 or more when the default is; a port number when
     * the key ends in {@code port}, 0 to 65535), a decimal a number, a ZeroMQ address a ZeroMQ address, {@code host:port} a
     * {@code host:port}. Empty defaults, placeholders and any other text accept any text.
     */
    public static SettingRule inferredFrom(String key, String defaultValue) {
        String d = defaultValue == null ? "" : defaultValue.trim();
        String k = key.toLowerCase(Locale.ROOT);
        if (d.isEmpty() || d.contains("{{")) {
            return text();
        }
        if ("true".equalsIgnoreCase(d) || "false".equalsIgnoreCase(d)) {
            return bool();
        }
        if (INTEGER.matcher(d).matches()) {
            if (k.endsWith("port")) {
                SettingRule range = wholeNumber(0, 65535);
                return of("a port number from 0 to 65535", v -> range.problem(v) == null);
            }
            return d.startsWith("-") ? wholeNumber(Long.MIN_VALUE, Long.MAX_VALUE) : nonNegative();
        }
        if (DECIMAL.matcher(d).matches()) {
            return d.startsWith("-") ? number(-Double.MAX_VALUE, Double.MAX_VALUE) : number(0, Double.MAX_VALUE);
        }
        if (d.startsWith("tcp://") || d.startsWith("ipc://")) {
            return zeromqBind();
        }
        if (HOST_PORT.matcher(d).matches()) {
            return hostPort();
        }
        return text();
    }

    private static String zeromq(String v, Pattern tcp, int minPort, String expected) {
        if (IPC.matcher(v).matches()) {
            return null;
        }
        var m = tcp.matcher(v);
        if (!m.matches()) {
            return expected;
        }
        if (!"*".equals(m.group(2)) && !inRange(m.group(2), minPort)) {
            return "port must be from " + minPort + " to 65535";
        }
        return null;
    }

    private static boolean inRange(String port, int min) {
        int p = Integer.parseInt(port);
        return p >= min && p <= 65535;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public String toString() {
        return expected;
    }
}
