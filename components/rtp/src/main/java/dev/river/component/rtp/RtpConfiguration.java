package dev.river.component.rtp;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** The options of an {@code rtp:} endpoint. */
@UriParams
public class RtpConfiguration implements Cloneable {

    /** The transport; only udp. */
    @UriPath(enums = "udp", defaultValue = "udp")
    @Metadata(required = true)
    private String protocol = "udp";
    /** The consumer binds to this address (127.0.0.1 unless you opt in to more); the producer sends to it. */
    @UriPath
    @Metadata(required = true)
    private String host;
    /** The RTP port: the consumer listens on it, the producer sends to it. */
    @UriPath
    @Metadata(required = true)
    private int port;

    /** Only packets with this payload type are routed (others are dropped and counted); -1 accepts any. */
    @UriParam(label = "consumer", defaultValue = "-1")
    private int payloadType = -1;
    /** The clock rate of the RTP timestamps in Hz (90000 for video), carried in the CamelRtpClockRate header. */
    @UriParam(label = "common", defaultValue = "90000")
    private int clockRate = 90000;
    /** The socket receive buffer size (SO_RCVBUF) in bytes; the kernel may cap it (net.core.rmem_max). */
    @UriParam(label = "consumer", defaultValue = "4194304")
    private int receiveBufferSize = 4 * 1024 * 1024;
    /** The socket send buffer size (SO_SNDBUF) in bytes. */
    @UriParam(label = "producer", defaultValue = "1048576")
    private int sendBufferSize = 1024 * 1024;
    /** Datagrams longer than this many bytes are dropped and counted as oversize. */
    @UriParam(label = "common", defaultValue = "1500")
    private int maxPacketSize = 1500;
    /** Where RTCP travels: mux (same port, RFC 5761), separate (the RTP port plus one) or none. */
    @UriParam(label = "common", defaultValue = "mux")
    private RtcpMode rtcp = RtcpMode.mux;
    /** The stream id of every packet of this endpoint; empty means one stream per SSRC, named PORT-SSRC (SSRC in hex). */
    @UriParam(label = "consumer")
    private String streamId;
    /**
     * Answer an exchange that comes back with the CamelRtpKeyframeRequest header set to true with an RTCP Picture
     * Loss Indication to the packet's sender.
     */
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean sendPli;
    /** The SSRC this endpoint uses as the sender of RTCP feedback (PLI). */
    @UriParam(label = "consumer", defaultValue = "1")
    private long feedbackSsrc = 1;

    public RtpConfiguration copy() {
        try {
            return (RtpConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getPayloadType() {
        return payloadType;
    }

    public void setPayloadType(int payloadType) {
        this.payloadType = payloadType;
    }

    public int getClockRate() {
        return clockRate;
    }

    public void setClockRate(int clockRate) {
        this.clockRate = clockRate;
    }

    public int getReceiveBufferSize() {
        return receiveBufferSize;
    }

    public void setReceiveBufferSize(int receiveBufferSize) {
        this.receiveBufferSize = receiveBufferSize;
    }

    public int getSendBufferSize() {
        return sendBufferSize;
    }

    public void setSendBufferSize(int sendBufferSize) {
        this.sendBufferSize = sendBufferSize;
    }

    public int getMaxPacketSize() {
        return maxPacketSize;
    }

    public void setMaxPacketSize(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    public RtcpMode getRtcp() {
        return rtcp;
    }

    public void setRtcp(RtcpMode rtcp) {
        this.rtcp = rtcp;
    }

    public String getStreamId() {
        return streamId;
    }

    public void setStreamId(String streamId) {
        this.streamId = streamId;
    }

    public boolean isSendPli() {
        return sendPli;
    }

    public void setSendPli(boolean sendPli) {
        this.sendPli = sendPli;
    }

    public long getFeedbackSsrc() {
        return feedbackSsrc;
    }

    public void setFeedbackSsrc(long feedbackSsrc) {
        this.feedbackSsrc = feedbackSsrc;
    }
}
