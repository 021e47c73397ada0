package dev.river.serve.web;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The Vert.x router behind river-serve's HTTP port (camel-platform-http-vertx), for the handlers that sit beside the
 * Camel routes on it: the results WebSocket and the request-body limit. It exists once the context is fully started.
 */
public final class ServeHttpRouter {

    private ServeHttpRouter() {
    }

    /** The router serving {@code port}, else the default one; fails when platform-http runs no server. */
    public static VertxPlatformHttpRouter of(CamelContext context, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context);
        }
        if (router == null) {
            throw new IllegalStateException("no platform-http Vert.x router: enable camel.server (camel-platform-http-main)");
        }
        return router;
    }
}
