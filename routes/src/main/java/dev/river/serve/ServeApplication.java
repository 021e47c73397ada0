package dev.river.serve;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import org.apache.camel.main.Main;

import dev.river.main.ServiceExit;
import dev.river.main.ServiceSettings;

/**
 * river-serve: the live-video pipeline (WebRTC or RTP in, delayed video out, frame-exact inference results on a
 * WebSocket, the web app) as a Camel Main application whose routes are YAML files (classpath:routes/*.yaml).
 *
 * <p>Settings are the {@code river.serve.*} properties of application.properties; highest precedence first:
 * {@code --key=value} options, environment variables ({@code RIVER_SERVE_DELAY_MS} for {@code river.serve.delay-ms}),
 * Java system properties, application.properties.
 */
public final class ServeApplication {

    static final String NAME = "river-serve";

    private ServeApplication() {
    }

    public static void main(String[] args) throws Exception {
        Properties overrides = ServiceExit.options(NAME, args, usage(), ServeSettings.VALIDATOR);
        if (overrides == null) {
            return;
        }
        Main main = createMain(overrides);
        ServiceExit.run(NAME, main);
    }

    /** A Camel Main running river-serve with {@code overrides} taking precedence over every other setting source. */
    public static Main createMain(Properties overrides) {
        Main main = new Main();
        main.configure().withName(NAME);
        main.configure().addConfiguration(ServeConfiguration.class);
        main.addMainListener(new dev.river.serve.security.ServeTls());
        ServiceSettings.apply(main, packagedKeys(), overrides);
        return main;
    }

    /** The river.serve.* keys of the packaged application.properties: the settings an environment variable may set. */
    static List<String> packagedKeys() {
        Properties p = new Properties();
        try (InputStream in = ServeApplication.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Camel Main reports an unreadable application.properties itself
        }
        return p.stringPropertyNames().stream().filter(k -> k.startsWith("river.serve.")).sorted().toList();
    }

    static String usage() {
        return """
                usage: java -jar river-serve.jar [--key=value ...]
                  --river.serve.http-port=8080          web app, WHIP/WHEP, API and results WebSocket
                  --river.serve.bind=127.0.0.1          address of every listening socket
                  --river.serve.delay-ms=3000           default delay N of the returned video
                  --river.serve.proxy=tcp://127.0.0.1:5555   the river-proxy frontend
                  --river.serve.model=blazeface         default model
                  --river.serve.max-in-flight=30        inference requests per stream before frames are skipped
                  --river.serve.inference-enabled=true  false: only relay the video (delayed N), no inference
                  --river.serve.webrtc.port=20000       UDP port of all WebRTC sessions
                  --river.serve.rtp.port=5004           UDP port of plain RTP/H264 ingest
                  --river.serve.rtp.egress=127.0.0.1:5006   where delayed rtp: packets go
                  --river.serve.management-port=8081    /observe/metrics, /observe/health, /observe/jolokia
                  --river.serve.auth-token=SECRET       bearer token for WHIP/WHEP, /api and the results WebSocket
                  --river.serve.tls.keystore=FILE       serve HTTPS (with --river.serve.tls.password=...)
                every property (with its meaning) is in application.properties; RIVER_SERVE_* environment variables work too""";
    }
}
