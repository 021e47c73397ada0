package dev.river.serve.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use river-serve's HTTP entry points: the optional bearer token ({@code river.serve.auth-token}, empty =
 * none) and the browser origins allowed ({@code river.serve.allowed-origins}, comma-separated, {@code *} = any).
 * A request without an Origin header is not a browser's cross-site request and passes the origin check; the token,
 * when set, is asked of everyone. Tokens are compared in constant time.
 */
public final class AccessPolicy {

    private final byte[] token;
    private final Set<String> origins = new LinkedHashSet<>();
    private final boolean anyOrigin;

    public AccessPolicy(String token, String allowedOrigins) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
        boolean any = false;
        if (allowedOrigins != null) {
            for (String o : allowedOrigins.split(",")) {
                String origin = normalise(o);
                if ("*".equals(origin)) {
                    any = true;
                } else if (!origin.isEmpty()) {
                    origins.add(origin);
                }
            }
        }
        this.anyOrigin = any;
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /** True when no token is required, or {@code authorization} is {@code Bearer <token>}. */
    public boolean bearerAccepted(String authorization) {
        if (token == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return tokenAccepted(authorization.substring(7));
    }

    /** True when no token is required, or {@code given} is the token. */
    public boolean tokenAccepted(String given) {
        if (token == null) {
            return true;
        }
        return given != null && MessageDigest.isEqual(given.trim().getBytes(StandardCharsets.UTF_8), token);
    }

    /** True for a request without Origin, or from an allowed origin. */
    public boolean originAllowed(String origin) {
        return origin == null || anyOrigin || origins.contains(normalise(origin));
    }

    public Set<String> allowedOrigins() {
        return origins;
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
