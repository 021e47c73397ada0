package dev.river.main;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * Where a service's management server (/observe/metrics, /observe/health, /observe/jolokia) actually listens: with
 * a management port of 0 the port is chosen at start, so it is logged once the context runs (and tests read it here).
 */
public final class ManagementAddress {

    private ManagementAddress() {
    }

    /** http://host:port of the management server, or null when it is not running. */
    public static String of(CamelContext context) {
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        if (management == null || server == null || server.getPort() <= 0) {
            return null;
        }
        return "http://" + management.getHost() + ":" + server.getPort();
    }
}
