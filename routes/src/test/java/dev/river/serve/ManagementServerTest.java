package dev.river.serve;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * river-serve's management server (the suite's shared services): Prometheus metrics with every river-serve name of
 * the agreed plan, moving when video flows; health checks that mean something (proxy, workers, ports), readiness DOWN
 * with a clear message when no worker serves the model; Jolokia for Hawtio; none of it on the public HTTP port.
 */
class ManagementServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServeServices services;

    @BeforeAll
    static void startServices() throws Exception {
        services = ServeServices.get();
    }

    @Test
    void theMetricsCarryEveryPlannedNameAndCountTheVideoThatWentThrough() throws Exception {
        long ssrc = 0x3333_3333L;
        String session = services.rtpPort + "-" + Long.toHexString(ssrc);
        try (ResultsClient results = new ResultsClient(services.http(), session, services.token);
             RtpCapture egress = new RtpCapture(services.rtpEgressPort, ssrc, null);
             RtpCapture ingest = new RtpCapture(0, ssrc, new InetSocketAddress("127.0.0.1", services.rtpPort))) {
            Map<String, Double> before = metrics();
            Process ffmpeg = RtpPipelineEndToEndTest.startStream(FaceClip.h264(60), ingest.port(), ssrc);
            assertTrue(ffmpeg.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "ffmpeg finished");
            assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(20), () -> results.ofType("ended").size() == 1),
                    "the session ended (idle)");
            Map<String, Double> after = metrics();
            for (String name : List.of("river_rtp_packets_in_total{source=\"webrtc\"}",
                    "river_rtp_packets_dropped_total{reason=\"malformed\"}", "river_sessions{source=\"webrtc\"}",
                    "river_sessions{source=\"rtp\"}", "river_frames_incomplete_total",
                    "river_frames_dropped_total{reason=\"decode_error\"}", "river_frames_dropped_total{reason=\"decode_queue_full\"}", "river_keyframe_requests_total",
                    "river_inference_results_total{status=\"late\"}", "river_inference_results_total{status=\"skipped\"}",
                    "river_inference_results_total{status=\"expired\"}", "river_inference_results_total{status=\"error\"}",
                    "river_rtp_packets_out_total{source=\"webrtc\"}",
                    "river_http_requests_rejected_total{reason=\"body_too_large\"}")) {
                assertTrue(after.containsKey(name), name + " is published: " + after.keySet());
            }
            long packets = ingest.packets.size();
            assertEquals(packets, grew(before, after, "river_rtp_packets_in_total{source=\"rtp\"}"), "packets in");
            assertEquals(egress.packets.size(), grew(before, after, "river_rtp_packets_out_total{source=\"rtp\"}"), "packets out");
            long frames = grew(before, after, "river_frames_reassembled_total");
            assertTrue(frames >= 55, "frames reassembled: " + frames);
            assertTrue(grew(before, after, "river_frames_decoded_total") >= 55, "frames decoded");
            long results1 = results.ofType("result").size();
            long counted = 0;
            for (String status : List.of("ontime", "late", "skipped", "expired", "error")) {
                counted += grew(before, after, "river_inference_results_total{status=\"" + status + "\"}");
            }
            assertEquals(results1, counted, "every result message is counted once by status");
            assertTrue(grew(before, after, "river_inference_results_total{status=\"ontime\"}") >= results1 * 0.9, "on time");
            assertTrue(grew(before, after, "river_inference_latency_seconds_count") >= results1 * 0.9, "inference histogram");
            assertTrue(grew(before, after, "river_end_to_end_latency_seconds_count") >= results1 * 0.9, "end-to-end histogram");
            assertTrue(after.containsKey("river_inference_latency_seconds_bucket{le=\"0.05\"}"), "histogram buckets");
            assertEquals(packets, grew(before, after, "river_release_lateness_seconds_count"), "one lateness per packet");
            assertEquals(1, grew(before, after, "river_sessions_ended_total{reason=\"idle\"}"), "ended by idle timeout");
            assertEquals(0.0, after.get("river_sessions{source=\"rtp\"}"), "no rtp session open any more");
        }
    }

    @Test
    void readinessAndLivenessAreUpWithTheProxyWorkersAndPortsChecks() throws Exception {
        assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(15), () -> status("/observe/health/ready") == 200),
                "ready");
        assertEquals(200, status("/observe/health/live"));
        Map<String, HealthCheck.State> readiness = new TreeMap<>();
        HealthCheckHelper.invokeReadiness(services.context(), "full").forEach(r -> readiness.put(r.getCheck().getId(), r.getState()));
        assertEquals(HealthCheck.State.UP, readiness.get("river-proxy"), readiness.toString());
        assertEquals(HealthCheck.State.UP, readiness.get("river-workers"), readiness.toString());
        assertEquals(HealthCheck.State.UP, readiness.get("river-ports"), readiness.toString());
        Map<String, HealthCheck.State> liveness = new TreeMap<>();
        HealthCheckHelper.invokeLiveness(services.context(), "full").forEach(r -> liveness.put(r.getCheck().getId(), r.getState()));
        assertEquals(HealthCheck.State.UP, liveness.get("river-ports"), liveness.toString());
        assertTrue(!liveness.containsKey("river-proxy") && !liveness.containsKey("river-workers"),
                "a missing proxy or worker does not make river-serve dead: " + liveness);
    }

    @Test
    void readinessIsDownWithAClearMessageWhileNoWorkerServesTheModel() throws Exception {
        services.killWorker();
        try {
            assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(20), () -> status("/observe/health/ready") == 503),
                    "not ready without a worker");
            String body = get("/observe/health/ready").body();
            assertTrue(body.contains("no onnx-worker serves the model 'blazeface'"), body);
            assertEquals(200, status("/observe/health/live"), "still alive");
        } finally {
            services.startWorker();
        }
        assertTrue(RtpPipelineEndToEndTest.await(Duration.ofSeconds(20), () -> status("/observe/health/ready") == 200),
                "ready again with a worker");
    }

    @Test
    void jolokiaReadsTheCamelContextForHawtio() throws Exception {
        HttpResponse<String> r = get("/observe/jolokia/read/org.apache.camel:context=river-serve,type=context,"
                                     + "name=%22river-serve%22/State");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"value\":\"Started\""), r.body());
    }

    @Test
    void theManagementEndpointsAreNotOnThePublicHttpPort() throws Exception {
        for (String path : List.of("/observe/metrics", "/observe/health", "/observe/jolokia")) {
            int code = HTTP.send(HttpRequest.newBuilder(URI.create(services.http() + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertEquals(404, code, path + " on the public port");
        }
    }

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsPublishedBySomeService() throws Exception {
        String dashboard = Files.readString(Path.of("..", "docs", "ops", "grafana-dashboard.json"));
        Set<String> queried = new TreeSet<>();
        Matcher name = Pattern.compile("river_[a-z0-9_]+").matcher(dashboard);
        while (name.find()) {
            queried.add(name.group());
        }
        assertTrue(queried.size() > 10, "the dashboard queries river_ metrics: " + queried);
        Set<String> published = new TreeSet<>();
        for (String base : List.of(services.management(), services.proxyManagement(), services.workerManagement())) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), base);
            Matcher sample = Pattern.compile("(?m)^(river_[a-z0-9_]+)[{ ]").matcher(r.body());
            while (sample.find()) {
                published.add(sample.group(1));
            }
        }
        queried.removeAll(published);
        assertTrue(queried.isEmpty(), "queried by docs/ops/grafana-dashboard.json but published by no service: "
                                      + queried);
    }

    private static long grew(Map<String, Double> before, Map<String, Double> after, String name) {
        assertTrue(after.containsKey(name), name + " is published");
        return Math.round(after.get(name) - before.getOrDefault(name, 0.0));
    }

    /** The river_* samples of /observe/metrics, by name with labels. */
    private static Map<String, Double> metrics() throws Exception {
        HttpResponse<String> r = get("/observe/metrics");
        assertEquals(200, r.statusCode());
        Map<String, Double> m = new TreeMap<>();
        Matcher line = Pattern.compile("(?m)^(river_\\S+) (\\S+)$").matcher(r.body());
        while (line.find()) {
            m.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        return m;
    }

    private static int status(String path) {
        try {
            return get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(services.management() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
