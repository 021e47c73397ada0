package dev.river.ops.hawtio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import dev.river.main.ServiceSettings;

/**
 * river-hawtio: the Hawtio 4 console in an embedded Jetty 12, with river-serve, river-proxy and the onnx-workers
 * preset as connections (their Jolokia on each management port, reached through Hawtio's proxy).
 *
 * <p>This JVM only runs Hawtio and the Jolokia inside its WAR: the river services keep their own Jolokia
 * (camel-platform-http-jolokia) in their own JVMs, as the two do not share one. Settings ({@link HawtioSettings#KEYS})
 * come from {@code --key=value} options, {@code RIVER_HAWTIO_*} environment variables, system properties, then
 * application.properties. Hawtio runs without login ({@code hawtio.authenticationEnabled=false}) and binds 127.0.0.1
 * unless told otherwise; {@code -Dhawtio.*} system properties given on the command line win over the console's.
 */
public final class HawtioConsole {

    static final String NAME = "river-hawtio";
    static final String CONTEXT_PATH = "/hawtio";
    static final String PRESET_CONNECTIONS = "/preset-connections";

    private HawtioConsole() {
    }

    public static void main(String[] args) throws Exception {
        Properties options;
        try {
            options = ServiceSettings.parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(usage());
            return;
        }
        HawtioSettings settings;
        Server server;
        try {
            settings = settings(options);
            server = start(settings);
        } catch (InvalidSettingException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(NAME + ": Hawtio console at " + frontPage(settings, server));
        for (JolokiaEndpoint e : settings.endpoints()) {
            System.out.println("  " + e.name() + "  " + e.url() + "  -> " + frontPage(settings, server)
                    + "hawtio/camel/routes?con=" + e.id());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                // stopping anyway
            }
        }, NAME + "-stop"));
        server.join();
    }

    /** The settings from {@code options} and the other sources, in their precedence. */
    public static HawtioSettings settings(Properties options) throws InvalidSettingException {
        Properties effective = packagedProperties();
        effective.putAll(ServiceSettings.overrides(List.of(HawtioSettings.KEYS), options, System::getenv));
        return HawtioSettings.fromLookup(effective::getProperty);
    }

    /**
     * Starts the console: Hawtio at {@code /hawtio}, its preset connections at {@code /hawtio/preset-connections} and
     * the front page at {@code /}. Port 0 picks a free port ({@link #port(Server)}).
     */
    public static Server start(HawtioSettings settings) throws InvalidSettingException {
        Path war = HawtioWar.locate(settings.war());
        setIfAbsent("hawtio.authenticationEnabled", "false");
        setIfAbsent("hawtio.disableProxy", "false");
        setIfAbsent("hawtio.proxyAllowlist", settings.proxyAllowlistProperty());

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(settings.bind());
        connector.setPort(settings.port());
        server.addConnector(connector);

        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath(CONTEXT_PATH);
        hawtio.setWar(war.toString());
        hawtio.setThrowUnavailableOnStartupException(true);

        // its own context: inside the WAR's, Hawtio's client-route filter would answer with index.html
        ServletContextHandler presets = new ServletContextHandler(CONTEXT_PATH + PRESET_CONNECTIONS);
        presets.setAllowNullPathInContext(true);
        presets.addServlet(new ServletHolder("river-preset-connections",
                new PresetConnectionsServlet(settings.endpoints())), "/");

        ServletContextHandler front = new ServletContextHandler("/");
        front.addServlet(new ServletHolder("river-connections-page", new ConnectionsPage()), "/");

        server.setHandler(new ContextHandlerCollection(presets, hawtio, front));
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // reporting the start failure
            }
            throw new InvalidSettingException("cannot start on " + settings.bind() + ":"
                    + settings.port() + ": " + rootMessage(e));
        }
        return server;
    }

    /** The port the console listens on (the chosen one when started with port 0). */
    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    static String frontPage(HawtioSettings settings, Server server) {
        String host = "0.0.0.0".equals(settings.bind()) ? "127.0.0.1" : settings.bind();
        return "http://" + host + ":" + port(server) + "/";
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private static Properties packagedProperties() {
        Properties p = new Properties();
        try (InputStream in = HawtioConsole.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // defaults then come only from the other sources; every missing key is reported by name
        }
        return p;
    }

    static String usage() {
        return """
                usage: java -jar river-hawtio.jar [--key=value ...]
                settings (also RIVER_HAWTIO_* environment variables or application.properties):
                  --river.hawtio.port=8090                  console port (http://127.0.0.1:8090/)
                  --river.hawtio.bind=127.0.0.1             address to bind (the console has no login)
                  --river.hawtio.serve-jolokia=URL          river-serve's Jolokia (http://127.0.0.1:8081/observe/jolokia)
                  --river.hawtio.proxy-jolokia=URL          river-proxy's Jolokia (http://127.0.0.1:8082/observe/jolokia)
                  --river.hawtio.worker-jolokia=URL[,URL]   the workers' Jolokia (http://127.0.0.1:8083/observe/jolokia)
                  --river.hawtio.proxy-allowlist=HOST[,HOST] more hosts Hawtio's proxy may reach
                  --river.hawtio.war=FILE                   the Hawtio WAR (default lib/hawtio-default-*.war)""";
    }
}
