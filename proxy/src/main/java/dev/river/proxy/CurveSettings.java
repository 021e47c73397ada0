package dev.river.proxy;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

import dev.river.component.zeromq.CurveKeys;

/**
 * CURVE security of the broker, validated: off unless {@link #SECRET_KEY} is set. With a secret key the backend
 * (workers) is a CURVE server that admits only the public keys of {@link #AUTHORIZED_WORKERS}; with
 * {@link #FRONTEND} the client side is encrypted with the same key too, admitting {@link #AUTHORIZED_CLIENTS} (or any
 * client that knows the broker's public key when that is empty). Keys are Z85 strings or key files from
 * {@code ./river keys}.
 */
public final class CurveSettings {

    public static final String SECRET_KEY = "river.proxy.curve.secret-key";
    public static final String PUBLIC_KEY = "river.proxy.curve.public-key";
    public static final String AUTHORIZED_WORKERS = "river.proxy.curve.authorized-workers";
    public static final String FRONTEND = "river.proxy.curve.frontend";
    public static final String AUTHORIZED_CLIENTS = "river.proxy.curve.authorized-clients";

    /** Every setting key, in documentation order. */
    public static final String[] KEYS = {SECRET_KEY, PUBLIC_KEY, AUTHORIZED_WORKERS, FRONTEND, AUTHORIZED_CLIENTS};

    private static final CurveSettings OFF = new CurveSettings(null, null, null, false, null);

    private final String secretKey;
    private final String publicKey;
    private final Set<String> authorizedWorkers;
    private final boolean frontend;
    private final Set<String> authorizedClients;

    private CurveSettings(String secretKey, String publicKey, Set<String> authorizedWorkers, boolean frontend,
            Set<String> authorizedClients) {
        this.secretKey = secretKey;
        this.publicKey = publicKey;
        this.authorizedWorkers = authorizedWorkers;
        this.frontend = frontend;
        this.authorizedClients = authorizedClients;
    }

    /** No CURVE: plain ZeroMQ on both sides (the default; fine on 127.0.0.1). */
    public static CurveSettings off() {
        return OFF;
    }

    /**
     * Reads and validates the settings through {@code lookup} (key to raw value; null or blank = not set). Key files
     * and allowlists are read now, so a missing file fails the start.
     *
     * @throws InvalidSettingException naming the first setting that is not valid
     */
    public static CurveSettings fromLookup(Function<String, String> lookup) {
        String secret = value(lookup, SECRET_KEY);
        String pub = value(lookup, PUBLIC_KEY);
        String workers = value(lookup, AUTHORIZED_WORKERS);
        String front = value(lookup, FRONTEND);
        String clients = value(lookup, AUTHORIZED_CLIENTS);
        boolean frontendOn = false;
        if (front != null) {
            if (!front.equals("true") && !front.equals("false")) {
                throw new InvalidSettingException(FRONTEND, front, "must be true or false");
            }
            frontendOn = Boolean.parseBoolean(front);
        }
        if (secret == null) {
            for (String[] other : new String[][] {{PUBLIC_KEY, pub}, {AUTHORIZED_WORKERS, workers},
                {AUTHORIZED_CLIENTS, clients}}) {
                if (other[1] != null) {
                    throw new InvalidSettingException(other[0], other[1], "needs " + SECRET_KEY + " (CURVE is off)");
                }
            }
            if (frontendOn) {
                throw new InvalidSettingException(FRONTEND, front, "needs " + SECRET_KEY + " (CURVE is off)");
            }
            return OFF;
        }
        String secretZ85 = key(SECRET_KEY, secret, true);
        String derived = CurveKeys.publicKeyOf(secretZ85);
        if (pub != null && !key(PUBLIC_KEY, pub, false).equals(derived)) {
            throw new InvalidSettingException(PUBLIC_KEY, pub, "is not the public key of " + SECRET_KEY);
        }
        if (workers == null) {
            throw new InvalidSettingException(AUTHORIZED_WORKERS, "",
                    "must name a file or directory of worker public keys when " + SECRET_KEY + " is set");
        }
        Set<String> workerKeys = allowlist(AUTHORIZED_WORKERS, workers);
        Set<String> clientKeys = null;
        if (clients != null) {
            if (!frontendOn) {
                throw new InvalidSettingException(AUTHORIZED_CLIENTS, clients, "needs " + FRONTEND + "=true");
            }
            clientKeys = allowlist(AUTHORIZED_CLIENTS, clients);
        }
        return new CurveSettings(secretZ85, derived, workerKeys, frontendOn, clientKeys);
    }

    private static String value(Function<String, String> lookup, String key) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String key(String setting, String value, boolean secret) {
        try {
            return CurveKeys.resolve(setting, value, secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(setting, secret && value.length() == 40 ? "(hidden)" : value,
                    reason(setting, e));
        }
    }

    private static Set<String> allowlist(String setting, String location) {
        try {
            return Set.copyOf(CurveKeys.readAllowlist(setting, Path.of(location)));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(setting, location, reason(setting, e));
        }
    }

    private static String reason(String setting, RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith(setting + ": ") ? m.substring(setting.length() + 2) : m;
    }

    /** Whether the backend is a CURVE server. */
    public boolean enabled() {
        return secretKey != null;
    }

    /** The broker's secret key, Z85; null when off. */
    public String secretKey() {
        return secretKey;
    }

    /** The broker's public key, Z85 (what workers and clients set as server key); null when off. */
    public String publicKey() {
        return publicKey;
    }

    /** Worker public keys allowed on the backend; null when off. */
    public Set<String> authorizedWorkers() {
        return authorizedWorkers;
    }

    /** Whether the frontend (clients) is a CURVE server too. */
    public boolean frontend() {
        return frontend;
    }

    /** Client public keys allowed on the frontend; null = any client that knows the broker's public key. */
    public Set<String> authorizedClients() {
        return authorizedClients;
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "CURVE off";
        }
        return "CURVE on: server public key " + publicKey + ", " + authorizedWorkers.size() + " authorized worker key(s)"
                + (frontend ? ", clients encrypted too (" + (authorizedClients == null ? "any client key"
                        : authorizedClients.size() + " authorized client key(s)") + ")" : ", clients plain");
    }
}
