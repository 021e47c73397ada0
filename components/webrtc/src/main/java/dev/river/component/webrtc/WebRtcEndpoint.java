package dev.river.component.webrtc;

import dev.river.component.webrtc.transport.WebRtcServer;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Receive a browser's (or any WHIP client's) H264 video over WebRTC as one exchange per RTP packet, and send packets
 * back out on the session's own SRTP stream, with WHIP/WHEP signalling served through any Camel HTTP consumer.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "webrtc", title = "WebRTC", syntax = "webrtc:name",
             category = { Category.NETWORKING }, headersClass = WebRtcConstants.class)
@ManagedResource(description = "Managed WebRTC endpoint")
public class WebRtcEndpoint extends DefaultEndpoint {

    @UriParam
    private WebRtcConfiguration configuration;

    private WebRtcServer server;
    private boolean transportConfigured;

    public WebRtcEndpoint(String uri, WebRtcComponent component, WebRtcConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public WebRtcComponent getComponent() {
        return (WebRtcComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new WebRtcProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        WebRtcConsumer consumer = new WebRtcConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The shared server of this endpoint's name, started on first use. */
    public synchronized WebRtcServer getServer() throws Exception {
        if (server == null) {
            server = getComponent().acquire(configuration);
        }
        return server;
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (server != null) {
            server = null;
            getComponent().release(configuration.getName());
        }
        super.doStop();
    }

    @ManagedAttribute(description = "Counters of the shared server: packets in and out, RTCP, and bad input by reason")
    public java.util.Map<String, Long> getStatistics() {
        WebRtcServer s = server;
        return s == null ? java.util.Map.of() : s.statistics().snapshot();
    }

    @ManagedAttribute(description = "Sessions (publishers and viewers) of the shared server")
    public int getSessionCount() {
        WebRtcServer s = server;
        return s == null ? 0 : s.sessions().size();
    }

    /** Whether this endpoint's URI sets transport options (port, bindAddress, ...) itself. */
    public boolean isTransportConfigured() {
        return transportConfigured;
    }

    void setTransportConfigured(boolean transportConfigured) {
        this.transportConfigured = transportConfigured;
    }

    public WebRtcConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(WebRtcConfiguration configuration) {
        this.configuration = configuration;
    }
}
