package dev.river.main;

import java.util.Locale;

/**
 * A setting has a value its service cannot use, or is not a setting at all. The message is one line naming the
 * property, the value and what is expected, so that a service can print it as is and stop (exit status 2) before
 * anything starts. Every river service reports bad settings with this type (or a subclass).
 */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Longest value shown in a message; longer values are cut. */
    private static final int MAX_SHOWN = 120;

    private final String property;
    private final String value;
    private final String problem;

    /**
     * @param property the key, e.g. {@code river.serve.http-port}
     * @param value    the value as given, or null when the problem is not about one value
     * @param problem  what is wrong or expected, e.g. {@code expected a port number from 1 to 65535}
     */
    public InvalidSettingException(String property, String value, String problem) {
        this(property, value, problem, null);
    }

    public InvalidSettingException(String property, String value, String problem, Throwable cause) {
        super("invalid setting " + property + (value == null ? "" : "='" + shown(property, value) + "'") + ": "
              + problem, cause);
        this.property = property;
        this.value = value;
        this.problem = problem;
    }

    private InvalidSettingException(String message, String property) {
        super(message);
        this.property = property;
        this.value = null;
        this.problem = message;
    }

    /**
     * A key (or environment variable) that is no setting of the service, with the nearest real one when there is
     * one: {@code unknown setting river.serve.delay-m; did you mean river.serve.delay-ms?}.
     *
     * @param what       {@code setting} or {@code environment variable}
     * @param suggestion the nearest known name, or null
     * @param hint       said instead of a suggestion when there is none
     */
    public static InvalidSettingException unknown(String what, String name, String suggestion, String hint) {
        return new InvalidSettingException("unknown " + what + " " + name
                                           + (suggestion != null ? "; did you mean " + suggestion + "?" : " (" + hint + ")"),
                name);
    }

    /** The property key (or environment variable name) that is wrong. */
    public String getProperty() {
        return property;
    }

    /** The value as given; null when the problem is not about a value (an unknown key, an unreadable file). */
    public String getValue() {
        return value;
    }

    /** What is wrong or expected, without the property and value. */
    public String getProblem() {
        return problem;
    }

    /**
     * The value as it may appear in a log line: on one line, cut when long, and hidden for secrets (tokens,
     * passwords, secret keys) so that a typo in one does not end up in a log.
     */
    static String shown(String property, String value) {
        String p = property.toLowerCase(Locale.ROOT);
        if (p.contains("token") || p.contains("secret") || p.contains("password") || p.contains("private")) {
            return value.isEmpty() ? "" : "***";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_SHOWN + 3));
        for (int i = 0; i < value.length() && i < MAX_SHOWN; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > MAX_SHOWN) {
            sb.append("...");
        }
        return sb.toString();
    }
}
