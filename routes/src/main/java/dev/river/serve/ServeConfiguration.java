package dev.river.serve;

import dev.river.serve.media.DecodeQueueAdmission;
import dev.river.serve.media.FrameFormat;
import dev.river.serve.media.H264FrameDecoder;
import dev.river.serve.media.H264Reassembler;
import dev.river.serve.pipeline.DelayResequencer;
import dev.river.serve.pipeline.InferenceRequester;
import dev.river.serve.pipeline.ResultPublisher;
import dev.river.serve.pipeline.RtpTimestampShifter;
import dev.river.serve.pipeline.SessionRegistry;
import dev.river.serve.observe.PortsHealthCheck;
import dev.river.serve.observe.ProxyHealthCheck;
import dev.river.serve.observe.ProxyWatch;
import dev.river.serve.observe.ServeMetrics;
import dev.river.serve.observe.WorkersHealthCheck;
import dev.river.serve.security.AccessPolicy;
import dev.river.serve.security.HttpAccessGuard;
import dev.river.serve.security.HttpBodyLimit;
import dev.river.serve.web.LiveStats;
import dev.river.serve.web.ResultsWebSocket;
import dev.river.serve.web.ServeStatus;
import dev.river.serve.web.WebAppResources;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * river-serve's beans, named by the YAML routes (src/main/resources/routes/river-serve.yaml), each set from
 * application.properties placeholders; and the wiring that frees a session's state everywhere when it ends.
 */
@Configuration
public class ServeConfiguration implements CamelConfiguration {

    @BindToRegistry("sessionRegistry")
    public SessionRegistry sessionRegistry(
            @PropertyInject("river.serve.delay-ms") long delay,
            @PropertyInject("river.serve.min-delay-ms") long minDelay,
            @PropertyInject("river.serve.max-delay-ms") long maxDelay,
            @PropertyInject("river.serve.model") String model,
            @PropertyInject("river.serve.rtp.timestamp-offset") long rtpOffset,
            @PropertyInject("river.serve.session-idle-timeout-ms") long idle,
            @PropertyInject("river.serve.max-sessions") int maxSessions) {
        ServeSettings.checkDelay(delay, minDelay, maxDelay);
        SessionRegistry r = new SessionRegistry();
        r.setDelayMillis(delay);
        r.setMinDelayMillis(minDelay);
        r.setMaxDelayMillis(maxDelay);
        r.setModel(model);
        r.setRtpTimestampOffset(rtpOffset);
        r.setIdleTimeoutMillis(idle);
        r.setMaxSessions(maxSessions);
        return r;
    }

    @BindToRegistry("delayResequencer")
    public DelayResequencer delayResequencer(
            @PropertyInject("river.serve.delay-ms") long delay,
            @PropertyInject("river.serve.delay.max-bitrate") long maxBitrate,
            @PropertyInject("river.serve.delay.max-bytes-per-session") long maxBytes,
            @PropertyInject("river.serve.release.realtime-priority") int realtimePriority) {
        DelayResequencer d = new DelayResequencer();
        d.setDelayMillis(delay);
        d.setMaxBitrate(maxBitrate);
        d.setMaxBytesPerSession(maxBytes);
        d.setRealtimePriority(realtimePriority);
        return d;
    }

    @BindToRegistry("h264Reassembler")
    public H264Reassembler h264Reassembler() {
        return new H264Reassembler();
    }

    @BindToRegistry("h264FrameDecoder")
    public H264FrameDecoder h264FrameDecoder(@PropertyInject("river.serve.model-input-size") int size) {
        return new H264FrameDecoder(FrameFormat.letterbox, size, size);
    }

    @BindToRegistry("decodeQueue")
    public DecodeQueueAdmission decodeQueue(@PropertyInject("river.serve.decode-queue-size") int size) {
        return new DecodeQueueAdmission(size);
    }

    @BindToRegistry("inferenceRequester")
    public InferenceRequester inferenceRequester(@BeanInject("sessionRegistry") SessionRegistry sessions,
                                                 @PropertyInject("river.serve.max-in-flight") int maxInFlight) {
        InferenceRequester r = new InferenceRequester(sessions);
        r.setMaxInFlight(maxInFlight);
        return r;
    }

    @BindToRegistry("resultPublisher")
    public ResultPublisher resultPublisher(@BeanInject("sessionRegistry") SessionRegistry sessions) {
        return new ResultPublisher(sessions);
    }

    @BindToRegistry("rtpTimestampShifter")
    public RtpTimestampShifter rtpTimestampShifter(@PropertyInject("river.serve.rtp.timestamp-offset") long offset) {
        RtpTimestampShifter s = new RtpTimestampShifter();
        s.setOffset(offset);
        return s;
    }

    @BindToRegistry("accessPolicy")
    public AccessPolicy accessPolicy(@PropertyInject(value = "river.serve.auth-token", defaultValue = "") String token,
                                     @PropertyInject("river.serve.allowed-origins") String origins) {
        return new AccessPolicy(token, origins);
    }

    @BindToRegistry("accessGuard")
    public HttpAccessGuard accessGuard(@BeanInject("accessPolicy") AccessPolicy policy) {
        return new HttpAccessGuard(policy);
    }

    @BindToRegistry("httpBodyLimit")
    public HttpBodyLimit httpBodyLimit(@PropertyInject("river.serve.max-body-bytes") long maxBodyBytes) {
        return new HttpBodyLimit(maxBodyBytes);
    }

    @BindToRegistry("resultsWebSocket")
    public ResultsWebSocket resultsWebSocket(@BeanInject("sessionRegistry") SessionRegistry sessions,
                                             @BeanInject("resultPublisher") ResultPublisher publisher,
                                             @BeanInject("accessPolicy") AccessPolicy policy,
                                             @PropertyInject("river.serve.websocket.max-sockets") int maxSockets,
                                             @PropertyInject("river.serve.websocket.max-message-bytes") int maxMessage) {
        ResultsWebSocket sockets = new ResultsWebSocket(sessions, publisher, policy);
        sockets.setMaxSockets(maxSockets);
        sockets.setMaxMessageBytes(maxMessage);
        return sockets;
    }

    @BindToRegistry("serveStatus")
    public ServeStatus serveStatus(@BeanInject("sessionRegistry") SessionRegistry sessions,
                                   @BeanInject("delayResequencer") DelayResequencer resequencer,
                                   @PropertyInject("river.serve.proxy") String proxy,
                                   @PropertyInject("river.serve.curve.server-key") String curveServerKey,
                                   @PropertyInject("river.serve.curve.secret-key") String curveSecretKey) {
        return new ServeStatus(sessions, resequencer, proxy, new BrokerCurveKeys(curveServerKey, curveSecretKey));
    }

    @BindToRegistry("webApp")
    public WebAppResources webApp() {
        return new WebAppResources();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        var registry = context.getRegistry();
        SessionRegistry sessions = registry.lookupByNameAndType("sessionRegistry", SessionRegistry.class);
        DelayResequencer resequencer = registry.lookupByNameAndType("delayResequencer", DelayResequencer.class);
        H264Reassembler reassembler = registry.lookupByNameAndType("h264Reassembler", H264Reassembler.class);
        H264FrameDecoder decoder = registry.lookupByNameAndType("h264FrameDecoder", H264FrameDecoder.class);
        ResultsWebSocket sockets = registry.lookupByNameAndType("resultsWebSocket", ResultsWebSocket.class);
        HttpBodyLimit bodyLimit = registry.lookupByNameAndType("httpBodyLimit", HttpBodyLimit.class);
        ServeStatus status = registry.lookupByNameAndType("serveStatus", ServeStatus.class);
        // a session's state lives in four places: free all of them when it ends
        sessions.addEndListener((id, reason) -> {
            resequencer.endSession(id);
            reassembler.endStream(id);
            decoder.endStream(id);
        });
        sessions.setCamelContext(context);
        resequencer.setCamelContext(context);
        context.addService(sessions, true, true);
        context.addService(resequencer, true, true);
        context.addService(decoder, true, true);
        LiveStats live = new LiveStats(sessions, sockets, status, resequencer);
        live.setCamelContext(context);
        context.addService(live, true, true);
        configureObservability(context, sessions, resequencer, reassembler, decoder);
        context.addLifecycleStrategy(new ServeShutdown(sessions, sockets));
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext c, boolean alreadyStarted) {
                // the HTTP server's router exists once the context is fully started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext c, boolean alreadyStarted) {
                int port = Integer.parseInt(c.resolvePropertyPlaceholders("{{river.serve.http-port}}"));
                bodyLimit.mount(c, port);
                sockets.mount(c, port);
            }
        });
    }

    /** The river_* metrics, and the health checks of /observe/health (proxy and workers only with inference on). */
    private static void configureObservability(CamelContext context, SessionRegistry sessions, DelayResequencer resequencer,
                                               H264Reassembler reassembler, H264FrameDecoder decoder) throws Exception {
        ResultPublisher publisher = context.getRegistry().lookupByNameAndType("resultPublisher", ResultPublisher.class);
        ServeMetrics metrics = new ServeMetrics(sessions, resequencer, reassembler, decoder, publisher, "river", "rtp-ingest");
        metrics.setCamelContext(context);
        context.getRegistry().bind("serveMetrics", metrics);
        context.addService(metrics, true, true);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health == null) {
            return;
        }
        health.register(new PortsHealthCheck(context.resolvePropertyPlaceholders("{{river.serve.bind}}"),
                Integer.parseInt(context.resolvePropertyPlaceholders("{{river.serve.http-port}}")), "river", "rtp-ingest"));
        if (Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{river.serve.inference-enabled}}"))) {
            ProxyWatch watch = new ProxyWatch(context.resolvePropertyPlaceholders("{{river.serve.proxy}}"),
                    Long.parseLong(context.resolvePropertyPlaceholders("{{river.serve.health.interval-ms}}")));
            watch.setCurve(new BrokerCurveKeys(context.resolvePropertyPlaceholders("{{river.serve.curve.server-key}}"),
                    context.resolvePropertyPlaceholders("{{river.serve.curve.secret-key}}")));
            watch.setCamelContext(context);
            context.addService(watch, true, true);
            health.register(new ProxyHealthCheck(watch));
            health.register(new WorkersHealthCheck(watch, sessions.getModel()));
        }
    }
}
