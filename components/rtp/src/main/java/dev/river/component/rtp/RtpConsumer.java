package dev.river.component.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads RTP datagrams from one UDP socket and routes each valid RTP packet as one exchange, in arrival order, on
 * one thread. Datagrams that are not RTP (malformed, oversize, RTCP, other payload types) are dropped and counted in
 * {@link RtpStatistics}; nothing a peer sends can stop the consumer.
 */
@ManagedResource(description = "RTP consumer")
public class RtpConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RtpConsumer.class);

    private final RtpConfiguration config;
    private final RtpStatistics statistics = new RtpStatistics();
    private final Map<Long, String> streamIds = new HashMap<>();
    private long lastSsrc = -1;
    private String lastStreamId;

    private volatile DatagramChannel channel;
    private volatile DatagramChannel rtcpChannel;
    private volatile SocketAddress rtcpPeer;
    private ExecutorService executor;

    public RtpConsumer(RtpEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.config = endpoint.getConfiguration();
    }

    @Override
    public RtpEndpoint getEndpoint() {
        return (RtpEndpoint) super.getEndpoint();
    }

    public RtpStatistics getStatistics() {
        return statistics;
    }

    /** The local address the consumer is bound to (useful with port 0 in tests). */
    public InetSocketAddress getLocalAddress() throws IOException {
        DatagramChannel ch = channel;
        return ch == null ? null : (InetSocketAddress) ch.getLocalAddress();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        channel = open(config.getPort());
        int threads = config.getRtcp() == RtcpMode.separate ? 2 : 1;
        if (threads == 2) {
            rtcpChannel = open(config.getPort() + 1);
        }
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "RtpConsumer[" + config.getHost() + ":" + config.getPort() + "]", threads);
        executor.execute(this::receiveRtp);
        if (rtcpChannel != null) {
            executor.execute(this::receiveRtcp);
        }
        LOG.info("RTP consumer listening on udp://{}:{} (rtcp {})", config.getHost(), config.getPort(),
                config.getRtcp());
    }

    @Override
    protected void doStop() throws Exception {
        closeQuietly(channel);
        closeQuietly(rtcpChannel);
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        LOG.info("RTP consumer on udp://{}:{} stopped: {}", config.getHost(), config.getPort(), statistics);
        super.doStop();
    }

    private DatagramChannel open(int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        // the JDK turns SO_REUSEADDR on for UDP: a second listener on the same port would silently share packets
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
        ch.setOption(StandardSocketOptions.SO_RCVBUF, config.getReceiveBufferSize());
        ch.bind(new InetSocketAddress(config.getHost(), port));
        return ch;
    }

    private void receiveRtp() {
        // one byte more than allowed, so an oversize datagram is seen as such instead of silently truncated
        ByteBuffer buffer = ByteBuffer.allocate(config.getMaxPacketSize() + 1);
        byte[] array = buffer.array();
        while (isRunAllowed()) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (isRunAllowed()) {
                    getExceptionHandler().handleException("Error receiving RTP datagram", e);
                }
                continue;
            }
            long arrivalNanos = System.nanoTime();
            int length = buffer.position();
            if (length > config.getMaxPacketSize()) {
                statistics.oversize();
                continue;
            }
            if (RtpPackets.isRtcp(array, 0, length)) {
                statistics.rtcp();
                continue;
            }
            if (RtpPackets.validate(array, 0, length) < 0) {
                statistics.malformed();
                continue;
            }
            int payloadType = RtpPackets.payloadType(array, 0);
            if (config.getPayloadType() >= 0 && payloadType != config.getPayloadType()) {
                statistics.filtered();
                continue;
            }
            statistics.packet(length);
            route(Arrays.copyOf(array, length), from, arrivalNanos);
        }
    }

    private void route(byte[] packet, SocketAddress from, long arrivalNanos) {
        Exchange exchange = createExchange(false);
        try {
            long ssrc = RtpPackets.ssrc(packet, 0);
            Message message = exchange.getIn();
            message.setBody(packet);
            message.setHeader(RtpConstants.SSRC, ssrc);
            message.setHeader(RtpConstants.SEQUENCE_NUMBER, RtpPackets.sequenceNumber(packet, 0));
            message.setHeader(RtpConstants.TIMESTAMP, RtpPackets.timestamp(packet, 0));
            message.setHeader(RtpConstants.MARKER, RtpPackets.marker(packet, 0));
            message.setHeader(RtpConstants.PAYLOAD_TYPE, RtpPackets.payloadType(packet, 0));
            message.setHeader(RtpConstants.CLOCK_RATE, config.getClockRate());
            message.setHeader(RtpConstants.ARRIVAL_NANOS, arrivalNanos);
            message.setHeader(RtpConstants.ARRIVAL_MILLIS, System.currentTimeMillis());
            message.setHeader(RtpConstants.STREAM_ID, streamId(ssrc));
            message.setHeader(RtpConstants.REMOTE_ADDRESS, from.toString());
            getProcessor().process(exchange);
            if (config.isSendPli() && exchange.getMessage().getHeader(RtpConstants.KEYFRAME_REQUEST, false,
                    Boolean.class)) {
                sendPictureLossIndication(ssrc, from);
            }
        } catch (Exception e) {
            exchange.setException(e);
        } catch (Throwable t) {
            exchange.setException(new IllegalStateException(t));
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing RTP packet", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    private String streamId(long ssrc) {
        if (config.getStreamId() != null && !config.getStreamId().isEmpty()) {
            return config.getStreamId();
        }
        if (ssrc != lastSsrc) {
            lastStreamId = streamIds.computeIfAbsent(ssrc, s -> config.getPort() + "-" + Long.toHexString(s));
            lastSsrc = ssrc;
        }
        return lastStreamId;
    }

    private void sendPictureLossIndication(long mediaSsrc, SocketAddress from) throws IOException {
        ByteBuffer pli = ByteBuffer.wrap(RtpPackets.pictureLossIndication(config.getFeedbackSsrc(), mediaSsrc));
        if (config.getRtcp() == RtcpMode.separate) {
            SocketAddress to = rtcpPeer;
            if (to == null && from instanceof InetSocketAddress rtp) {
                to = new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
            }
            rtcpChannel.send(pli, to);
        } else {
            channel.send(pli, from);
        }
        statistics.keyframeRequest();
    }

    private void receiveRtcp() {
        ByteBuffer buffer = ByteBuffer.allocate(config.getMaxPacketSize() + 1);
        while (isRunAllowed()) {
            try {
                buffer.clear();
                SocketAddress from = rtcpChannel.receive(buffer);
                if (RtpPackets.isRtcp(buffer.array(), 0, buffer.position())) {
                    statistics.rtcp();
                    rtcpPeer = from;
                } else {
                    statistics.malformed();
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (isRunAllowed()) {
                    getExceptionHandler().handleException("Error receiving RTCP datagram", e);
                }
            }
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("Error closing channel", e);
            }
        }
    }

    @ManagedAttribute(description = "RTP packets routed")
    public long getPackets() {
        return statistics.getPackets();
    }

    @ManagedAttribute(description = "Malformed datagrams dropped")
    public long getMalformedPackets() {
        return statistics.getMalformed();
    }

    @ManagedAttribute(description = "Oversize datagrams dropped")
    public long getOversizePackets() {
        return statistics.getOversize();
    }

    @ManagedAttribute(description = "RTCP packets read")
    public long getRtcpPackets() {
        return statistics.getRtcp();
    }

    @ManagedAttribute(description = "Packets of another payload type dropped")
    public long getFilteredPackets() {
        return statistics.getFiltered();
    }
}
