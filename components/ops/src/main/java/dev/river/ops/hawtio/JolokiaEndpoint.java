package dev.river.ops.hawtio;

import java.net.URI;

/**
 * One river service's Jolokia endpoint as a Hawtio connection: Hawtio's Connect plugin stores connections as
 * {@code {id, name, scheme, host, port, path}} and reaches them through its own {@code /hawtio/proxy/scheme/host/port/path}.
 */
public record JolokiaEndpoint(String name, String scheme, String host, int port, String path) {

    /**
     * The endpoint named {@code name} at {@code url} (an absolute http or https URL).
     *
     * @throws IllegalArgumentException when {@code url} is not such a URL
     */
    public static JolokiaEndpoint of(String name, String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL");
        }
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' has no host");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new JolokiaEndpoint(name, scheme, uri.getHost(), port, path);
    }

    /** The Hawtio connection id; the same as the name, so {@code ?con=river-serve} selects it. */
    public String id() {
        return name;
    }

    public String url() {
        return scheme + "://" + host + ":" + port + path;
    }

    /** Where the console's own proxy forwards to this endpoint, relative to the Hawtio context. */
    public String proxyPath() {
        return "/proxy/" + scheme + "/" + host + "/" + port + path;
    }

    /** The connection as Hawtio's Connect plugin keeps it. */
    public String toJson() {
        return "{\"id\":" + Json.quote(id()) + ",\"name\":" + Json.quote(name) + ",\"scheme\":" + Json.quote(scheme)
                + ",\"host\":" + Json.quote(host) + ",\"port\":" + port + ",\"path\":" + Json.quote(path) + "}";
    }
}
