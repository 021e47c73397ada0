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
            @PropertyInject(value = BrokerSettings.MAX_MESSAGE_SIZE, defaultValue = "") String maxMessageSize) {
        return BrokerSettings.fromLookup(key -> switch (key) {
            case BrokerSettings.FRONTEND -> frontend;
            case BrokerSettings.BACKEND -> backend;
            case BrokerSettings.QUEUE_SIZE -> queueSize;
            case BrokerSettings.DEFAULT_TIMEOUT_MS -> defaultTimeout;
            case BrokerSettings.HEARTBEAT_INTERVAL_MS -> heartbeatInterval;
            case BrokerSettings.HEARTBEAT_LIVENESS_MS -> heartbeatLiveness;
            case BrokerSettings.MAX_MESSAGE_SIZE -> maxMessageSize;
            default -> null;
        });
    }

    @BindToRegistry(BROKER_BEAN)
    public LeastBusyBroker riverBroker(@org.apache.camel.BeanInject("riverProxySettings") BrokerSettings settings) {
        return new LeastBusyBroker(settings);
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
