package dev.river.proxy;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

import dev.river.proxy.observe.BrokerObservation;

/**
 * river-proxy's beans: the validated {@link BrokerSettings} and the {@link LeastBusyBroker}, which is added to
 * the CamelContext as a service so that it starts and stops with it. Every setting is a property placeholder
 * (application.properties, an environment variable such as {@code RIVER_PROXY_FRONTEND}, or a
 * {@code --river.proxy.frontend=...} option).
 */
@Configuration
public class ProxyConfiguration implements CamelConfiguration {

    /** Registry name of the broker. */
    public static final String BROKER_BEAN = "riverBroker";

    @BindToRegistry("riverProxySettings")
    public BrokerSettings riverProxySettings(
            @PropertyInject(value = BrokerSettings.FRONTEND, defaultValue = BrokerSettings.DEFAULT_FRONTEND)
            String frontend,
            @PropertyInject(value = BrokerSettings.BACKEND, defaultValue = BrokerSettings.DEFAULT_BACKEND)
            String backend,
            @PropertyInject(value = BrokerSettings.QUEUE_SIZE, defaultValue = "") String queueSize,
            @PropertyInject(value = BrokerSettings.DEFAULT_TIMEOUT_MS, defaultValue = "") String defaultTimeout,
            @PropertyInject(value = BrokerSettings.HEARTBEAT_INTERVAL_MS, defaultValue = "") String heartbeatInterval,
            @PropertyInject(value = BrokerSettings.HEARTBEAT_LIVENESS_MS, defaultValue = "") String heartbeatLiveness,
            @PropertyInject(value = BrokerSettings.MAX_MESSAGE_SIZE, defaultValue = "") String maxMessageSize,
            @PropertyInject(value = BrokerSettings.SHUTDOWN_GRACE_MS, defaultValue = "") String shutdownGrace,
            @PropertyInject(value = BrokerSettings.TRANSPORT, defaultValue = "") String transport) {
        return BrokerSettings.fromLookup(key -> switch (key) {
            case BrokerSettings.FRONTEND -> frontend;
            case BrokerSettings.BACKEND -> backend;
            case BrokerSettings.QUEUE_SIZE -> queueSize;
            case BrokerSettings.DEFAULT_TIMEOUT_MS -> defaultTimeout;
            case BrokerSettings.HEARTBEAT_INTERVAL_MS -> heartbeatInterval;
            case BrokerSettings.HEARTBEAT_LIVENESS_MS -> heartbeatLiveness;
            case BrokerSettings.MAX_MESSAGE_SIZE -> maxMessageSize;
            case BrokerSettings.SHUTDOWN_GRACE_MS -> shutdownGrace;
            case BrokerSettings.TRANSPORT -> transport;
            default -> null;
        });
    }

    /** CURVE between the broker and its workers (and optionally clients); off unless a secret key is set. */
    @BindToRegistry("riverProxyCurve")
    public CurveSettings riverProxyCurve(
            @PropertyInject(value = CurveSettings.SECRET_KEY, defaultValue = "") String secretKey,
            @PropertyInject(value = CurveSettings.PUBLIC_KEY, defaultValue = "") String publicKey,
            @PropertyInject(value = CurveSettings.AUTHORIZED_WORKERS, defaultValue = "") String workers,
            @PropertyInject(value = CurveSettings.FRONTEND, defaultValue = "") String frontend,
            @PropertyInject(value = CurveSettings.AUTHORIZED_CLIENTS, defaultValue = "") String clients) {
        return CurveSettings.fromLookup(key -> switch (key) {
            case CurveSettings.SECRET_KEY -> secretKey;
            case CurveSettings.PUBLIC_KEY -> publicKey;
            case CurveSettings.AUTHORIZED_WORKERS -> workers;
            case CurveSettings.FRONTEND -> frontend;
            case CurveSettings.AUTHORIZED_CLIENTS -> clients;
            default -> null;
        });
    }

    @BindToRegistry(BROKER_BEAN)
    public LeastBusyBroker riverBroker(@org.apache.camel.BeanInject("riverProxySettings") BrokerSettings settings,
            @org.apache.camel.BeanInject("riverProxyCurve") CurveSettings curve) {
        return new LeastBusyBroker(settings, curve);
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        LeastBusyBroker broker = camelContext.getRegistry().lookupByNameAndType(BROKER_BEAN, LeastBusyBroker.class);
        broker.setCamelContext(camelContext);
        // started with the context (and stopped with it): the broker binds its sockets in doStart
        camelContext.addService(broker, true, true);
        // river_broker_* metrics and the broker's health checks (docs/ops/metrics.md)
        camelContext.addService(new BrokerObservation(broker), true, true);
    }
}
