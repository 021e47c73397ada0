package dev.river.component.rtp;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.support.DefaultProducer;

/**
 * Sends the {@code byte[]} body of each exchange, which must be a valid RTP packet, as one UDP datagram to the
 * endpoint's host and port. UDP send does not block for long, so sending is synchronous.
 */
public class RtpProducer extends DefaultProducer {

    private final RtpConfiguration config;
    private DatagramChannel channel;
    private InetSocketAddress destination;

    public RtpProducer(RtpEndpoint endpoint) {
        super(endpoint);
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        destination = new InetSocketAddress(config.getHost(), config.getPort());
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_SNDBUF, config.getSendBufferSize());
        channel.bind(null);
    }

    @Override
    protected void doStop() throws Exception {
        if (channel != null) {
            channel.close();
            channel = null;
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] packet = exchange.getMessage().getBody(byte[].class);
        if (packet == null) {
            throw new InvalidPayloadException(exchange, byte[].class);
        }
        if (packet.length > config.getMaxPacketSize()) {
            throw new IllegalArgumentException(
                    "RTP packet of " + packet.length + " bytes exceeds maxPacketSize " + config.getMaxPacketSize());
        }
        if (RtpPackets.validate(packet, 0, packet.length) < 0) {
            throw new IllegalArgumentException("Not a valid RTP packet (" + packet.length + " bytes)");
        }
        channel.send(ByteBuffer.wrap(packet), destination);
    }
}
