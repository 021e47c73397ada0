package dev.river.serve.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.river.component.zeromq.ZeroMQEndpoint;
import dev.river.serve.BrokerCurveKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks river-proxy, every {@code intervalMillis} on its own thread, for PING and STATS over RIVER/1 and remembers
 * when it last answered and how many workers serve each model, so that health checks answer at once from what is
 * known instead of waiting on the network.
 */
public final class ProxyWatch extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyWatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String proxy;
    private final String endpointUri;
    private final long intervalMillis;
    private CamelContext camelContext;
    private ScheduledExecutorService timer;
    private volatile ZeroMQEndpoint endpoint;
    private volatile long lastPongNanos;
    private volatile boolean answered;
    private volatile boolean statsKnown;
    private volatile Map<String, Integer> workersByModel = Map.of();
    private BrokerCurveKeys curve = BrokerCurveKeys.PLAIN;

    public ProxyWatch(String proxy, long intervalMillis) {
        this.proxy = proxy;
        this.endpointUri = "zeromq:" + proxy + "?protocol=client&requestTimeout=2000";
        this.intervalMillis = intervalMillis;
    }

    private void check() {
        try {
            ZeroMQEndpoint endpoint = camelContext.getEndpoint(endpointUri, ZeroMQEndpoint.class);
            if (this.endpoint == null) {
                curve.applyTo(endpoint);
            }
            this.endpoint = endpoint;
            long timeout = Math.min(1000, intervalMillis);
            if (endpoint.ping(timeout)) {
                lastPongNanos = System.nanoTime();
                answered = true;
            }
            String stats = endpoint.stats(timeout);
            if (stats != null) {
                Map<String, Integer> models = new LinkedHashMap<>();
                for (JsonNode worker : JSON.readTree(stats).path("workers")) {
                    for (JsonNode model : worker.path("models")) {
                        models.merge(model.asText(), 1, Integer::sum);
                    }
                }
                workersByModel = models;
                statsKnown = true;
            } else {
                statsKnown = false;
            }
        } catch (Exception e) {
            statsKnown = false;
            LOG.debug("checking river-proxy at {} failed", proxy, e);
        }
    }

    /** CURVE to the broker's frontend (river.serve.curve.*). */
    public void setCurve(BrokerCurveKeys curve) {
        this.curve = curve;
    }

    /** The proxy address watched (without tcp://). */
    public String proxy() {
        return proxy.replaceFirst("^[a-z]+://", "");
    }

    /** True when the proxy answered PING within the last {@code withinMillis}. */
    public boolean answeredWithin(long withinMillis) {
        return answered && System.nanoTime() - lastPongNanos <= TimeUnit.MILLISECONDS.toNanos(withinMillis);
    }

    /** Milliseconds since the last PONG; -1 when the proxy never answered. */
    public long millisSinceAnswer() {
        return answered ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastPongNanos) : -1;
    }

    /** Whether the last STATS was answered (so {@link #workers} is current). */
    public boolean statsKnown() {
        return statsKnown;
    }

    /** Workers serving {@code model} according to the last STATS answer. */
    public int workers(String model) {
        return workersByModel.getOrDefault(model, 0);
    }

    public Map<String, Integer> workersByModel() {
        return workersByModel;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    @Override
    protected void doStart() {
        timer = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "ProxyWatch");
        timer.scheduleWithFixedDelay(this::check, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            camelContext.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
        // its RIVER/1 client connection (an I/O thread) must end before Camel shuts its thread pools down
        ServiceHelper.stopService(endpoint);
        endpoint = null;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
