package dev.river.component.rtp;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * RTP over UDP: the consumer routes one exchange per received RTP packet (body: the datagram as a byte array, headers:
 * the parsed RTP header and arrival times); the producer sends the byte array body of each exchange as one datagram.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "rtp", title = "RTP", syntax = "rtp:protocol://host:port",
             category = { Category.NETWORKING }, headersClass = RtpConstants.class)
public class RtpEndpoint extends DefaultEndpoint {

    @UriParam
    private final RtpConfiguration configuration;

    public RtpEndpoint(String uri, RtpComponent component, RtpConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new RtpProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        RtpConsumer consumer = new RtpConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    public RtpConfiguration getConfiguration() {
        return configuration;
    }
}
