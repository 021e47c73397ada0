package dev.river.ops.hawtio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the configured river services as Hawtio connections at {@code /hawtio/preset-connections}: the JSON array of
 * {@code {name, scheme, host, port, path}} that Hawtio 4.3 and later read at start-up to preset the Connect plugin.
 * Hawtio 4.2 does not ask for it, so {@link ConnectionsPage} installs the same list into the browser for it.
 */
final class PresetConnectionsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient List<JolokiaEndpoint> endpoints;

    PresetConnectionsServlet(List<JolokiaEndpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    static String toJson(List<JolokiaEndpoint> endpoints) {
        return endpoints.stream().map(JolokiaEndpoint::toJson).collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(toJson(endpoints));
    }
}
