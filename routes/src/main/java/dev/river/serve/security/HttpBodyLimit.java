package dev.river.serve.security;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.river.serve.web.ServeHttpRouter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers HTTP requests whose body is above {@code river.serve.max-body-bytes}. Vert.x's body handler fails such a
 * request with 413 before any route runs; left unhandled, Vert.x answers 413 itself but logs an ERROR line for every
 * one, so any peer could fill the log. This failure handler answers 413 with the reason, counts it
 * ({@code river_http_requests_rejected_total{reason="body_too_large"}}) and logs at most one WARN every 5 s.
 */
public final class HttpBodyLimit {

    private static final Logger LOG = LoggerFactory.getLogger(HttpBodyLimit.class);
    private static final long WARN_EVERY_NANOS = 5_000_000_000L;

    private final long maxBodyBytes;
    private final LongAdder rejected = new LongAdder();
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public HttpBodyLimit(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Requests answered 413 so far. */
    public long rejected() {
        return rejected.sum();
    }

    /**
     * Puts the failure handler first on the platform-http router of {@code port} (once the HTTP server runs) and
     * the counter on the context's Micrometer registry, when there is one.
     */
    public void mount(CamelContext context, int port) {
        ServeHttpRouter.of(context, port).route().order(-2000).failureHandler(this::onFailure);
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (meters != null) {
            FunctionCounter.builder("river.http.requests.rejected", rejected, LongAdder::sum)
                    .tag("reason", "body_too_large")
                    .description("HTTP requests refused before any route ran, by reason")
                    .register(meters);
        }
    }

    private void onFailure(RoutingContext ctx) {
        if (ctx.statusCode() != 413 || ctx.response().ended()) {
            ctx.next();
            return;
        }
        rejected.increment();
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarnNanos.compareAndSet(last, now)) {
            LOG.warn("HTTP {} {} from {}: body above {} bytes (river.serve.max-body-bytes), answered 413 ({} so far)",
                    ctx.request().method(), ctx.request().path(), ctx.request().remoteAddress(), maxBodyBytes,
                    rejected.sum());
        }
        ctx.response().setStatusCode(413).putHeader("Content-Type", "text/plain")
                .end("request body above " + maxBodyBytes + " bytes (river.serve.max-body-bytes)\n");
    }
}
