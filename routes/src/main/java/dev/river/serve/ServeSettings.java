package dev.river.serve;

import java.util.function.Function;

import dev.river.component.zeromq.CurveKeys;
import dev.river.main.InvalidSettingException;
import dev.river.main.SettingRule;
import dev.river.main.SettingsValidator;

/**
 * What each river-serve setting accepts, checked before Camel starts ({@link ServeApplication}) so that a bad
 * value stops river-serve with one line naming it. Keys of application.properties not listed here keep the shape
 * of their default ({@link SettingRule#inferredFrom}).
 */
public final class ServeSettings {

    public static final String PREFIX = "river.serve.";
    public static final String DELAY_MS = PREFIX + "delay-ms";
    public static final String MIN_DELAY_MS = PREFIX + "min-delay-ms";
    public static final String MAX_DELAY_MS = PREFIX + "max-delay-ms";
    public static final String CURVE_SERVER_KEY = PREFIX + "curve.server-key";
    public static final String CURVE_SECRET_KEY = PREFIX + "curve.secret-key";

    /** A key as Z85 text or its file; Z85 text the inference route's endpoint URI cannot carry is refused. */
    private static final SettingRule CURVE_KEY = SettingRule.checking("empty (no CURVE), a 40-character Z85 key or "
            + "its key file", CurveKeys::uriUnsafeProblem);

    /** The rules of river-serve's settings. */
    public static final SettingsValidator VALIDATOR = SettingsValidator.forPrefix(PREFIX)
            .rule(PREFIX + "http-port", SettingRule.port())
            .rule(PREFIX + "bind", SettingRule.nonEmpty())
            .rule(DELAY_MS, SettingRule.wholeNumber(1, 3_600_000))
            .rule(MIN_DELAY_MS, SettingRule.wholeNumber(1, 3_600_000))
            .rule(MAX_DELAY_MS, SettingRule.wholeNumber(1, 3_600_000))
            .rule(PREFIX + "proxy", SettingRule.zeromqConnect())
            .rule(PREFIX + "inference-enabled", SettingRule.bool())
            .rule(PREFIX + "model", SettingRule.nonEmpty())
            .rule(PREFIX + "max-in-flight", SettingRule.wholeNumber(1, 100_000))
            .rule(PREFIX + "model-input-size", SettingRule.wholeNumber(1, 8192))
            .rule(PREFIX + "decode-queue-size", SettingRule.wholeNumber(1, 1_000_000))
            .rule(PREFIX + "deadline-grace-ms", SettingRule.wholeNumber(0, 3_600_000))
            .rule(PREFIX + "max-sessions", SettingRule.wholeNumber(1, 100_000))
            .rule(PREFIX + "session-idle-timeout-ms", SettingRule.wholeNumber(1, 86_400_000))
            .rule(PREFIX + "delay.max-bitrate", SettingRule.wholeNumber(1, Long.MAX_VALUE))
            .rule(PREFIX + "delay.max-bytes-per-session", SettingRule.wholeNumber(1, Long.MAX_VALUE))
            .rule(PREFIX + "release.realtime-priority", SettingRule.wholeNumber(0, 99))
            .rule(PREFIX + "webrtc.port", SettingRule.port())
            .rule(PREFIX + "webrtc.max-sessions", SettingRule.wholeNumber(1, 100_000))
            .rule(PREFIX + "rtp.port", SettingRule.port())
            .rule(PREFIX + "rtp.payload-type", SettingRule.wholeNumber(0, 127))
            .rule(PREFIX + "rtp.egress", SettingRule.hostPort())
            .rule(PREFIX + "rtp.timestamp-offset", SettingRule.wholeNumber(-4_294_967_295L, 4_294_967_295L))
            .rule(CURVE_SERVER_KEY, CURVE_KEY)
            .rule(CURVE_SECRET_KEY, CURVE_KEY)
            .relation(ServeSettings::delayWithinBounds)
            .relation(ServeSettings::curveKeysTogether);

    private ServeSettings() {
    }

    /** The default delay must lie between the smallest and the largest a viewer may ask for. */
    static void delayWithinBounds(Function<String, String> settings) {
        String delay = settings.apply(DELAY_MS);
        String min = settings.apply(MIN_DELAY_MS);
        String max = settings.apply(MAX_DELAY_MS);
        if (delay == null || min == null || max == null) {
            return;
        }
        checkDelay(Long.parseLong(delay.trim()), Long.parseLong(min.trim()), Long.parseLong(max.trim()));
    }

    /** CURVE to the broker needs both the broker's public key and river-serve's own secret key. */
    static void curveKeysTogether(Function<String, String> settings) {
        String server = settings.apply(CURVE_SERVER_KEY);
        String secret = settings.apply(CURVE_SECRET_KEY);
        boolean hasServer = server != null && !server.isBlank();
        boolean hasSecret = secret != null && !secret.isBlank();
        if (hasServer && !hasSecret) {
            throw new InvalidSettingException(CURVE_SECRET_KEY, "", "needed with " + CURVE_SERVER_KEY
                    + " (river-serve's own key pair; ./river keys serve)");
        }
        if (hasSecret && !hasServer) {
            throw new InvalidSettingException(CURVE_SERVER_KEY, "", "needed with " + CURVE_SECRET_KEY
                    + " (the broker's public key)");
        }
    }

    /** @throws InvalidSettingException unless {@code min <= delay <= max} */
    static void checkDelay(long delay, long min, long max) {
        if (min > max) {
            throw new InvalidSettingException(MIN_DELAY_MS, Long.toString(min),
                    "expected at most " + MAX_DELAY_MS + " (" + max + ")");
        }
        if (delay < min || delay > max) {
            throw new InvalidSettingException(DELAY_MS, Long.toString(delay),
                    "expected a delay from " + MIN_DELAY_MS + " (" + min + ") to " + MAX_DELAY_MS + " (" + max + ")");
        }
    }
}
