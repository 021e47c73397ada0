package dev.river.component.rtp;

import java.net.URI;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** Creates {@code rtp:udp://host:port} endpoints: RTP packets in and out over UDP, one exchange per packet. */
@Component("rtp")
public class RtpComponent extends DefaultComponent {

    /** Defaults shared by every endpoint of this component; each endpoint gets a copy. */
    @Metadata
    private RtpConfiguration configuration = new RtpConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        URI address = URI.create(remaining.contains("://") ? remaining : "udp://" + remaining);
        if (!"udp".equals(address.getScheme())) {
            throw new IllegalArgumentException("rtp: supports only udp, not " + address.getScheme() + " in " + uri);
        }
        if (address.getHost() == null || address.getPort() < 1) {
            throw new IllegalArgumentException("rtp: needs udp://host:port, got " + uri);
        }
        RtpConfiguration config = configuration.copy();
        config.setProtocol(address.getScheme());
        config.setHost(address.getHost());
        config.setPort(address.getPort());
        RtpEndpoint endpoint = new RtpEndpoint(uri, this, config);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public RtpConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(RtpConfiguration configuration) {
        this.configuration = configuration;
    }
}
