package dev.river.component.webrtc;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import dev.river.component.webrtc.transport.WebRtcServer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webrtc: component: WebRTC ingest and egress of H264 over SRTP without transcoding. Endpoints name a server;
 * all endpoints with one name (the consumer, the producer, the WHIP/WHEP signalling producers) share that server's
 * UDP port and sessions, which this component creates on first use and closes with its last user.
 */
@Component("webrtc")
public class WebRtcComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcComponent.class);

    @Metadata(description = "Default options for every webrtc: endpoint of this component.")
    private WebRtcConfiguration configuration = new WebRtcConfiguration();

    private final Map<String, SharedServer> servers = new HashMap<>();

    /** Options that shape the shared server rather than one endpoint. */
    static final java.util.Set<String> TRANSPORT_OPTIONS = java.util.Set.of("bindAddress", "port", "candidateAddresses", "allowedPeerNetworks",
            "maxSessions", "maxPacketRate", "rembMaxBitrate", "consentTimeout", "handshakeTimeout", "rtcpInterval",
            "retransmissionBufferSize", "nack", "srtpGcm", "mtu", "timestampOffset");

    private static final class SharedServer {
        final WebRtcServer server;
        final WebRtcConfiguration config;
        final ExecutorService receiver;
        final ScheduledExecutorService timer;
        final ExecutorService dtls;
        int users;

        SharedServer(WebRtcServer server, WebRtcConfiguration config, ExecutorService receiver,
                     ScheduledExecutorService timer, ExecutorService dtls) {
            this.server = server;
            this.config = config;
            this.receiver = receiver;
            this.timer = timer;
            this.dtls = dtls;
        }
    }

    public WebRtcComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("webrtc: needs a server name, e.g. webrtc:camera");
        }
        WebRtcConfiguration config = configuration.copy();
        config.setName(remaining);
        WebRtcEndpoint endpoint = new WebRtcEndpoint(uri, this, config);
        endpoint.setTransportConfigured(parameters.keySet().stream().anyMatch(TRANSPORT_OPTIONS::contains));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The running server of this name, started with the given endpoint's options if it is not running yet. */
    synchronized WebRtcServer acquire(WebRtcConfiguration given) throws Exception {
        WebRtcConfiguration config = transportConfiguration(given);
        SharedServer shared = servers.get(config.getName());
        if (shared == null) {
            ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
            String name = config.getName();
            ExecutorService receiver = executors.newSingleThreadExecutor(this, "WebRtcReceive[" + name + "]");
            ScheduledExecutorService timer = executors.newSingleThreadScheduledExecutor(this, "WebRtcRtcp[" + name + "]");
            ExecutorService dtls = executors.newCachedThreadPool(this, "WebRtcDtls[" + name + "]");
            WebRtcServer server = new WebRtcServer(name, config);
            try {
                server.start(receiver, timer, dtls);
            } catch (Exception e) {
                executors.shutdownNow(receiver);
                executors.shutdownNow(timer);
                executors.shutdownNow(dtls);
                throw e;
            }
            shared = new SharedServer(server, config, receiver, timer, dtls);
            servers.put(name, shared);
        } else if (shared.config.getPort() != config.getPort()
                   || !shared.config.getBindAddress().equals(config.getBindAddress())) {
            LOG.warn("webrtc:{} is already running on {}:{}; the options {}:{} of a later endpoint are ignored",
                    config.getName(), shared.config.getBindAddress(), shared.config.getPort(), config.getBindAddress(),
                    config.getPort());
        }
        shared.users++;
        return shared.server;
    }

    /**
     * The configuration to start a server with: an endpoint of the same name that sets transport options explicitly
     * wins over one that does not (a route's producer often starts before its consumer).
     */
    private WebRtcConfiguration transportConfiguration(WebRtcConfiguration given) {
        for (Endpoint e : getCamelContext().getEndpoints()) {
            if (e instanceof WebRtcEndpoint w && w.isTransportConfigured()
                && w.getConfiguration().getName().equals(given.getName())) {
                return w.getConfiguration();
            }
        }
        return given;
    }

    synchronized void release(String name) {
        SharedServer shared = servers.get(name);
        if (shared == null || --shared.users > 0) {
            return;
        }
        servers.remove(name);
        shared.server.stop();
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        executors.shutdownNow(shared.receiver);
        executors.shutdownNow(shared.timer);
        executors.shutdownNow(shared.dtls);
    }

    /** The running server of this name, or null (for tools, tests and the benchmark). */
    public synchronized WebRtcServer getServer(String name) {
        SharedServer shared = servers.get(name);
        return shared == null ? null : shared.server;
    }

    public WebRtcConfiguration getConfiguration() {
        return configuration;
    }

    /** Default options for every webrtc: endpoint of this component. */
    public void setConfiguration(WebRtcConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    protected synchronized void doStop() throws Exception {
        for (String name : new java.util.ArrayList<>(servers.keySet())) {
            SharedServer shared = servers.get(name);
            shared.users = 1;
            release(name);
        }
        super.doStop();
    }
}
