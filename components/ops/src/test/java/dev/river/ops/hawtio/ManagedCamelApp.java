package dev.river.ops.hawtio;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * A small Camel Main app with the same management server as the river services (camel.management.*: Jolokia at
 * {@code /observe/jolokia}). Always started in its own JVM by {@link ManagedCamelAppProcess}: its Jolokia
 * (camel-platform-http-jolokia) and the Hawtio WAR's Jolokia do not share one JVM.
 */
public final class ManagedCamelApp {

    static final String NAME = "ops-test-app";
    static final String ROUTE_ID = "ticker";

    private ManagedCamelApp() {
    }

    /** {@code args[0]}: the management port. */
    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().withName(NAME);
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.host", "127.0.0.1");
        main.addInitialProperty("camel.management.port", args[0]);
        main.addInitialProperty("camel.management.jolokiaEnabled", "true");
        main.addInitialProperty("camel.management.healthCheckEnabled", "true");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:tick?period=200").routeId(ROUTE_ID).setBody(constant("tick")).to("log:tick?level=OFF");
            }
        });
        main.run();
    }
}
