package dev.river.worker;

import java.util.function.Function;

import dev.river.component.zeromq.CurveKeys;
import dev.river.main.SettingRule;

/**
 * The worker's ZeroMQ transport settings for multi-host use (docs/deploy/multi-host.md): CURVE towards a broker that
 * requires it, the size limit of messages from the broker, and the drain time on stop. routes/worker.yaml passes
 * them to the zeromq: worker endpoint; the rules here make a bad key or key file fail the start naming the property.
 */
final class WorkerTransport {

    static final String CURVE_SERVER_KEY = WorkerSettings.PREFIX + "curve.server-key";
    static final String CURVE_SECRET_KEY = WorkerSettings.PREFIX + "curve.secret-key";
    static final String MAX_MESSAGE_SIZE = WorkerSettings.PREFIX + "max-message-size";
    static final String DRAIN_TIMEOUT_MS = WorkerSettings.PREFIX + "drain-timeout-ms";

    static final String[] KEYS = {CURVE_SERVER_KEY, CURVE_SECRET_KEY, MAX_MESSAGE_SIZE, DRAIN_TIMEOUT_MS};

    static final SettingRule SERVER_KEY_RULE = SettingRule.checking(
            "empty (no CURVE), the broker's 40-character Z85 public key or its .pub key file",
            v -> keyProblem(CURVE_SERVER_KEY, v, false));
    static final SettingRule SECRET_KEY_RULE = SettingRule.checking(
            "empty (no CURVE), a 40-character Z85 secret key or a .key file from ./river keys",
            v -> keyProblem(CURVE_SECRET_KEY, v, true));
    static final SettingRule MAX_MESSAGE_SIZE_RULE = SettingRule.wholeNumber(1024, 1024L * 1024 * 1024 * 2);
    static final SettingRule DRAIN_TIMEOUT_RULE = SettingRule.wholeNumber(0, 3_600_000);

    private WorkerTransport() {
    }

    private static String keyProblem(String key, String value, boolean secret) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String unsafe = CurveKeys.uriUnsafeProblem(value); // the worker route's endpoint URI carries the key
        if (unsafe != null) {
            return unsafe;
        }
        try {
            CurveKeys.resolve(key, value, secret);
            return null;
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            return m.startsWith(key + ": ") ? m.substring(key.length() + 2) : m;
        }
    }

    /** CURVE needs both keys: the broker's public key and this worker's own secret key. */
    static void checkCurvePair(Function<String, String> settings) {
        boolean server = isSet(settings.apply(CURVE_SERVER_KEY));
        boolean secret = isSet(settings.apply(CURVE_SECRET_KEY));
        if (server && !secret) {
            throw new WorkerConfigException(CURVE_SECRET_KEY,
                    "must be set with " + CURVE_SERVER_KEY + " (the worker's own key, from ./river keys NAME)");
        }
        if (secret && !server) {
            throw new WorkerConfigException(CURVE_SERVER_KEY,
                    "must be set with " + CURVE_SECRET_KEY + " (the broker's public key)");
        }
    }

    private static boolean isSet(String v) {
        return v != null && !v.isBlank();
    }
}
