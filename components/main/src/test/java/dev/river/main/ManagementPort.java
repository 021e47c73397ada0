package dev.river.main;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.camel.CamelContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The management server of an app started in this JVM, read over real HTTP: /observe/metrics, /observe/health,
 * /observe/jolokia. Shared by the services' tests through this module's test-jar.
 */
public final class ManagementPort {

    /** An HTTP answer. */
    public record Answer(int status, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    private ManagementPort(int port) {
        this.port = port;
    }

    /** The port the context's management server actually bound (it was started with port 0). */
    public static ManagementPort of(CamelContext context) {
        String address = ManagementAddress.of(context);
        assertNotNull(address, "the management server runs");
        return new ManagementPort(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
    }

    public int port() {
        return port;
    }

    public Answer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The Prometheus text of /observe/metrics. */
    public String scrape() {
        Answer a = get("/observe/metrics");
        assertEquals(200, a.status(), a.body());
        return a.body();
    }

    /**
     * The value of one series, {@code series} being its name with its labels as Prometheus prints them
     * ({@code river_broker_replies_total{status="OK"}}), or NaN when the scrape does not have it.
     */
    public static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                String v = line.substring(series.length() + 1).trim();
                int space = v.indexOf(' ');
                return Double.parseDouble(space < 0 ? v : v.substring(0, space));
            }
        }
        return Double.NaN;
    }

    public double value(String series) {
        return value(scrape(), series);
    }
}
