package dev.river.proxy;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.river.main.SettingRule;
import dev.river.main.SettingsValidator;

/**
 * The settings of a {@link LeastBusyBroker}, validated. Property keys (as used in application.properties,
 * as {@code --key=value} options and, upper-cased with {@code _} for {@code .} and {@code -}, as environment
 * variables) are the constants of this class.
 */
public final class BrokerSettings {

    public static final String FRONTEND = "river.proxy.frontend";
    public static final String BACKEND = "river.proxy.backend";
    public static final String QUEUE_SIZE = "river.proxy.queue-size";
    public static final String DEFAULT_TIMEOUT_MS = "river.proxy.default-timeout-ms";
    public static final String HEARTBEAT_INTERVAL_MS = "river.proxy.heartbeat-interval-ms";
    public static final String HEARTBEAT_LIVENESS_MS = "river.proxy.heartbeat-liveness-ms";
    public static final String MAX_MESSAGE_SIZE = "river.proxy.max-message-size";
    public static final String SHUTDOWN_GRACE_MS = "river.proxy.shutdown-grace-ms";
    public static final String TRANSPORT = "river.proxy.transport";

    /** Every setting key, in documentation order. */
    public static final String[] KEYS = {FRONTEND, BACKEND, QUEUE_SIZE, DEFAULT_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS,
        HEARTBEAT_LIVENESS_MS, MAX_MESSAGE_SIZE, SHUTDOWN_GRACE_MS, TRANSPORT};

    /**
     * What river-proxy's settings accept, checked before Camel starts: the addresses per key, everything else by
     * building the settings ({@link #fromLookup}, ranges and relations) and the CURVE settings from them.
     */
    public static final SettingsValidator VALIDATOR = SettingsValidator.forPrefix("river.proxy.")
            .rule(FRONTEND, SettingRule.zeromqBind())
            .rule(BACKEND, SettingRule.zeromqBind())
            .rule(TRANSPORT, SettingRule.oneOf("nio", "jeromq"))
            .relation(BrokerSettings::fromLookup)
            .relation(CurveSettings::fromLookup);

    public static final String DEFAULT_FRONTEND = "tcp://127.0.0.1:5555";
    public static final String DEFAULT_BACKEND = "tcp://127.0.0.1:5556";
    public static final int DEFAULT_QUEUE_SIZE = 10_000;
    public static final long DEFAULT_TIMEOUT = 10_000;
    public static final long DEFAULT_HEARTBEAT_INTERVAL = 1_000;
    public static final long DEFAULT_HEARTBEAT_LIVENESS = 3_000;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    public static final long DEFAULT_SHUTDOWN_GRACE = 2_000;
    public static final Transport DEFAULT_TRANSPORT = Transport.NIO;

    /** How the broker speaks ZMTP: see {@link BrokerTransport}. */
    public enum Transport {
        /**
         * ZMTP 3 on NIO in the broker thread ({@link dev.river.proxy.zmtp.ZmtpTransport}); CURVE falls back to
         * {@link #JEROMQ}.
         */
        NIO,
        /** JeroMQ ROUTER sockets ({@link JeroMqTransport}). */
        JEROMQ;

        /** The setting's value. */
        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Pattern TCP = Pattern.compile("tcp://([^:/\\s]+|\\[[0-9a-fA-F:.]+\\]):(\\*|\\d{1,5})");
    private static final Pattern OTHER = Pattern.compile("(ipc|inproc)://\\S+");

    private final String frontend;
    private final String backend;
    private final int queueSize;
    private final long defaultTimeoutMs;
    private final long heartbeatIntervalMs;
    private final long heartbeatLivenessMs;
    private final int maxMessageSize;
    private final long shutdownGraceMs;
    private final Transport transport;

    private BrokerSettings(Builder b) {
        this.frontend = endpoint(FRONTEND, b.frontend);
        this.backend = endpoint(BACKEND, b.backend);
        this.queueSize = (int) range(QUEUE_SIZE, b.queueSize, 1, 10_000_000);
        this.defaultTimeoutMs = range(DEFAULT_TIMEOUT_MS, b.defaultTimeoutMs, 1, 86_400_000);
        this.heartbeatIntervalMs = range(HEARTBEAT_INTERVAL_MS, b.heartbeatIntervalMs, 10, 3_600_000);
        this.heartbeatLivenessMs = range(HEARTBEAT_LIVENESS_MS, b.heartbeatLivenessMs, 20, 86_400_000);
        this.maxMessageSize = (int) range(MAX_MESSAGE_SIZE, b.maxMessageSize, 1024, 1024L * 1024 * 1024);
        this.shutdownGraceMs = range(SHUTDOWN_GRACE_MS, b.shutdownGraceMs, 0, 600_000);
        this.transport = Objects.requireNonNull(b.transport, TRANSPORT);
        if (heartbeatLivenessMs <= heartbeatIntervalMs) {
            throw new InvalidSettingException(HEARTBEAT_LIVENESS_MS, Long.toString(heartbeatLivenessMs),
                    "must be greater than " + HEARTBEAT_INTERVAL_MS + " (" + heartbeatIntervalMs + ")");
        }
        if (frontend.equals(backend) && !frontend.endsWith(":*")) {
            throw new InvalidSettingException(BACKEND, backend, "must differ from " + FRONTEND);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings with every default. */
    public static BrokerSettings defaults() {
        return builder().build();
    }

    /**
     * Reads and validates every setting through {@code lookup} (key to raw value, {@code null} or blank for the
     * default).
     *
     * @throws InvalidSettingException naming the first setting that is not valid
     */
    public static BrokerSettings fromLookup(Function<String, String> lookup) {
        Builder b = builder();
        String v;
        if ((v = value(lookup, FRONTEND)) != null) {
            b.frontend(v);
        }
        if ((v = value(lookup, BACKEND)) != null) {
            b.backend(v);
        }
        if ((v = value(lookup, QUEUE_SIZE)) != null) {
            b.queueSize((int) number(QUEUE_SIZE, v));
        }
        if ((v = value(lookup, DEFAULT_TIMEOUT_MS)) != null) {
            b.defaultTimeoutMs(number(DEFAULT_TIMEOUT_MS, v));
        }
        if ((v = value(lookup, HEARTBEAT_INTERVAL_MS)) != null) {
            b.heartbeatIntervalMs(number(HEARTBEAT_INTERVAL_MS, v));
        }
        if ((v = value(lookup, HEARTBEAT_LIVENESS_MS)) != null) {
            b.heartbeatLivenessMs(number(HEARTBEAT_LIVENESS_MS, v));
        }
        if ((v = value(lookup, MAX_MESSAGE_SIZE)) != null) {
            b.maxMessageSize(number(MAX_MESSAGE_SIZE, v));
        }
        if ((v = value(lookup, SHUTDOWN_GRACE_MS)) != null) {
            b.shutdownGraceMs(number(SHUTDOWN_GRACE_MS, v));
        }
        if ((v = value(lookup, TRANSPORT)) != null) {
            b.transport(transport(v));
        }
        return b.build();
    }

    private static String value(Function<String, String> lookup, String key) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static long number(String key, String raw) {
        try {
            long v = Long.parseLong(raw.replace("_", ""));
            if (v > Integer.MAX_VALUE && (QUEUE_SIZE.equals(key) || MAX_MESSAGE_SIZE.equals(key))) {
                throw new InvalidSettingException(key, raw, "must be a whole number up to " + Integer.MAX_VALUE);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, raw, "must be a whole number");
        }
    }

    private static Transport transport(String raw) {
        for (Transport t : Transport.values()) {
            if (t.value().equals(raw)) {
                return t;
            }
        }
        throw new InvalidSettingException(TRANSPORT, raw, "must be nio or jeromq");
    }

    private static long range(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new InvalidSettingException(key, Long.toString(v), "must be between " + min + " and " + max);
        }
        return v;
    }

    private static String endpoint(String key, String v) {
        if (v == null || !(TCP.matcher(v).matches() || OTHER.matcher(v).matches())) {
            throw new InvalidSettingException(key, v,
                    "must be a ZeroMQ bind address such as tcp://127.0.0.1:5555 (tcp://host:port, port * for any)");
        }
        if (v.startsWith("tcp://")) {
            String port = v.substring(v.lastIndexOf(':') + 1);
            if (!"*".equals(port) && Integer.parseInt(port) > 65535) {
                throw new InvalidSettingException(key, v, "port must be between 0 and 65535");
            }
        }
        return v;
    }

    /** Where clients connect (ROUTER, bind). */
    public String frontend() {
        return frontend;
    }

    /** Where workers connect (ROUTER, bind). */
    public String backend() {
        return backend;
    }

    /** At most this many requests wait for a worker; more are answered OVERLOADED. */
    public int queueSize() {
        return queueSize;
    }

    /** Deadline applied to a REQUEST with deadline 0, relative to its arrival. */
    public long defaultTimeoutMs() {
        return defaultTimeoutMs;
    }

    /** The broker sends each worker a HEARTBEAT this often. */
    public long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    /** A worker silent for this long is considered dead. */
    public long heartbeatLivenessMs() {
        return heartbeatLivenessMs;
    }

    /** Largest accepted message (sum of its frames), in bytes. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Largest single frame (and message) a peer may send before its connection is dropped unread: twice the
     * maximum message size plus 64 KiB, so that anything up to it is read and answered BAD_REQUEST.
     */
    public long frameLimit() {
        return 2L * maxMessageSize + 65_536;
    }

    /** On stop, how long the broker still forwards replies of requests in flight (docs/protocol.md, Shutdown). */
    public long shutdownGraceMs() {
        return shutdownGraceMs;
    }

    /** How the broker speaks ZMTP (CURVE always uses {@link Transport#JEROMQ}). */
    public Transport transport() {
        return transport;
    }

    public Builder toBuilder() {
        return builder().frontend(frontend).backend(backend).queueSize(queueSize).defaultTimeoutMs(defaultTimeoutMs)
                .heartbeatIntervalMs(heartbeatIntervalMs).heartbeatLivenessMs(heartbeatLivenessMs)
                .maxMessageSize(maxMessageSize).shutdownGraceMs(shutdownGraceMs).transport(transport);
    }

    @Override
    public String toString() {
        return FRONTEND + "=" + frontend + ", " + BACKEND + "=" + backend + ", " + QUEUE_SIZE + "=" + queueSize + ", "
                + DEFAULT_TIMEOUT_MS + "=" + defaultTimeoutMs + ", " + HEARTBEAT_INTERVAL_MS + "=" + heartbeatIntervalMs
                + ", " + HEARTBEAT_LIVENESS_MS + "=" + heartbeatLivenessMs + ", " + MAX_MESSAGE_SIZE + "="
                + maxMessageSize + ", " + SHUTDOWN_GRACE_MS + "=" + shutdownGraceMs + ", " + TRANSPORT + "="
                + transport.value();
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private String frontend = DEFAULT_FRONTEND;
        private String backend = DEFAULT_BACKEND;
        private long queueSize = DEFAULT_QUEUE_SIZE;
        private long defaultTimeoutMs = DEFAULT_TIMEOUT;
        private long heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL;
        private long heartbeatLivenessMs = DEFAULT_HEARTBEAT_LIVENESS;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private long shutdownGraceMs = DEFAULT_SHUTDOWN_GRACE;
        private Transport transport = DEFAULT_TRANSPORT;

        private Builder() {
        }

        public Builder frontend(String v) {
            this.frontend = Objects.requireNonNull(v, FRONTEND);
            return this;
        }

        public Builder backend(String v) {
            this.backend = Objects.requireNonNull(v, BACKEND);
            return this;
        }

        public Builder queueSize(long v) {
            this.queueSize = v;
            return this;
        }

        public Builder defaultTimeoutMs(long v) {
            this.defaultTimeoutMs = v;
            return this;
        }

        public Builder heartbeatIntervalMs(long v) {
            this.heartbeatIntervalMs = v;
            return this;
        }

        public Builder heartbeatLivenessMs(long v) {
            this.heartbeatLivenessMs = v;
            return this;
        }

        public Builder maxMessageSize(long v) {
            this.maxMessageSize = v;
            return this;
        }

        public Builder shutdownGraceMs(long v) {
            this.shutdownGraceMs = v;
            return this;
        }

        public Builder transport(Transport v) {
            this.transport = v;
            return this;
        }

        /** @throws InvalidSettingException naming the first setting that is not valid */
        public BrokerSettings build() {
            return new BrokerSettings(this);
        }
    }
}
