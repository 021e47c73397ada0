package dev.river.component.webrtc;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * The options of a webrtc: endpoint. Endpoints with the same name share one server (UDP socket, sessions); the
 * transport options of the first endpoint that starts it apply.
 */
@UriParams
public class WebRtcConfiguration implements Cloneable {

    /** What a producer does with an exchange. */
    public enum Operation {
        /** Send the RTP packet in the body to a session (and its WHEP viewers). */
        send,
        /** WHIP signalling: POST an SDP offer to publish, DELETE the session resource to end it. */
        whip,
        /** WHEP signalling: POST an SDP offer to view a publisher's stream, DELETE to stop viewing. */
        whep,
        /** Ask a session's publisher for a keyframe (RTCP PLI). */
        requestKeyframe,
        /** End a session. */
        endSession,
        /** Put the server's counters (a Map of name to count) and session count in the body. */
        statistics
    }

    @UriPath(description = "The name of the WebRTC server: endpoints with the same name share its UDP port and sessions.")
    @Metadata(required = true)
    private String name;

    @UriParam(label = "common", defaultValue = "127.0.0.1",
              description = "The local address the UDP socket binds to. Anything beyond loopback is opt-in.")
    private String bindAddress = "127.0.0.1";

    @UriParam(label = "common", defaultValue = "20000",
              description = "The UDP port all sessions share (ICE, DTLS, SRTP, SRTCP). 0 picks a free port.")
    private int port = 20000;

    @UriParam(label = "common",
              description = "Comma-separated host candidates announced in SDP answers, as address or address:port (for a"
                            + " NAT or relay in front of the port). Default: the bind address and the bound port.")
    private String candidateAddresses;

    @UriParam(label = "security",
              description = "Comma-separated networks (CIDR, e.g. 127.0.0.0/8,10.0.0.0/8) peers may connect from; ICE checks"
                            + " from elsewhere are dropped and counted. Default: any address.")
    private String allowedPeerNetworks;

    @UriParam(label = "security", secret = true,
              description = "When set, WHIP/WHEP requests must carry this value as a Bearer token in the Authorization header (RFC 9725 section 4.5);"
                            + " others get 401.")
    private String authToken;

    @UriParam(label = "common", defaultValue = "16",
              description = "The most sessions (publishers plus viewers) at a time; further offers get 503.")
    private int maxSessions = 16;

    @UriParam(label = "advanced", defaultValue = "2000",
              description = "The most packets per second accepted from one session; the rest are dropped and counted.")
    private int maxPacketRate = 2000;

    @UriParam(label = "advanced", defaultValue = "2500000",
              description = "The bitrate (bit/s) river announces to publishers in RTCP REMB, so browsers ramp up to it. 0 sends no REMB.")
    private long rembMaxBitrate = 2_500_000L;

    @UriParam(label = "advanced", defaultValue = "30000",
              description = "Milliseconds without a valid ICE check (consent, RFC 7675) after which a session is ended.")
    private long consentTimeout = 30_000L;

    @UriParam(label = "advanced", defaultValue = "15000",
              description = "Milliseconds a new session has to complete ICE and DTLS before it is ended.")
    private long handshakeTimeout = 15_000L;

    @UriParam(label = "advanced", defaultValue = "1000",
              description = "Milliseconds between RTCP reports (receiver reports, REMB, sender reports).")
    private long rtcpInterval = 1000L;

    @UriParam(label = "advanced", defaultValue = "4096",
              description = "Outgoing packets kept per session to answer NACKs from viewers (rounded up to a power of two).")
    private int retransmissionBufferSize = 4096;

    @UriParam(label = "advanced", defaultValue = "true",
              description = "Send NACKs for packets missing from a publisher's stream.")
    private boolean nack = true;

    @UriParam(label = "advanced", defaultValue = "true",
              description = "Offer SRTP AEAD_AES_128_GCM in DTLS use_srtp (preferred over AES128_CM_HMAC_SHA1_80).")
    private boolean srtpGcm = true;

    @UriParam(label = "advanced", defaultValue = "1200",
              description = "The largest DTLS datagram river sends (bytes).")
    private int mtu = 1200;

    @UriParam(label = "producer", defaultValue = "send", enums = "send,whip,whep,requestKeyframe,endSession,statistics",
              description = "What the producer does: send an RTP packet to a session, serve WHIP or WHEP signalling,"
                            + " request a keyframe, end a session or report the counters.")
    private Operation operation = Operation.send;

    @UriParam(label = "producer", defaultValue = "-1",
              description = "The fixed offset added to RTP timestamps of outgoing streams; -1 picks a random one per session.")
    private long timestampOffset = -1;

    @UriParam(label = "consumer", defaultValue = "false",
              description = "Also emit one exchange (no body, header CamelWebRtcEventType) when a session starts, connects or ends.")
    private boolean sessionEvents;

    @UriParam(label = "consumer", defaultValue = "true",
              description = "Send an RTCP PLI to the publisher when a processor sets CamelRtpKeyframeRequest to true.")
    private boolean sendPli = true;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getCandidateAddresses() {
        return candidateAddresses;
    }

    public void setCandidateAddresses(String candidateAddresses) {
        this.candidateAddresses = candidateAddresses;
    }

    public String getAllowedPeerNetworks() {
        return allowedPeerNetworks;
    }

    public void setAllowedPeerNetworks(String allowedPeerNetworks) {
        this.allowedPeerNetworks = allowedPeerNetworks;
    }

    public String getAuthToken() {
        return authToken;
    }

    public void setAuthToken(String authToken) {
        this.authToken = authToken;
    }

    public int getMaxSessions() {
        return maxSessions;
    }

    public void setMaxSessions(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    public int getMaxPacketRate() {
        return maxPacketRate;
    }

    public void setMaxPacketRate(int maxPacketRate) {
        this.maxPacketRate = maxPacketRate;
    }

    public long getRembMaxBitrate() {
        return rembMaxBitrate;
    }

    public void setRembMaxBitrate(long rembMaxBitrate) {
        this.rembMaxBitrate = rembMaxBitrate;
    }

    public long getConsentTimeout() {
        return consentTimeout;
    }

    public void setConsentTimeout(long consentTimeout) {
        this.consentTimeout = consentTimeout;
    }

    public long getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(long handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public long getRtcpInterval() {
        return rtcpInterval;
    }

    public void setRtcpInterval(long rtcpInterval) {
        this.rtcpInterval = rtcpInterval;
    }

    public int getRetransmissionBufferSize() {
        return retransmissionBufferSize;
    }

    public void setRetransmissionBufferSize(int retransmissionBufferSize) {
        this.retransmissionBufferSize = retransmissionBufferSize;
    }

    public boolean isNack() {
        return nack;
    }

    public void setNack(boolean nack) {
        this.nack = nack;
    }

    public boolean isSrtpGcm() {
        return srtpGcm;
    }

    public void setSrtpGcm(boolean srtpGcm) {
        this.srtpGcm = srtpGcm;
    }

    public int getMtu() {
        return mtu;
    }

    public void setMtu(int mtu) {
        this.mtu = mtu;
    }

    public Operation getOperation() {
        return operation;
    }

    public void setOperation(Operation operation) {
        this.operation = operation;
    }

    public long getTimestampOffset() {
        return timestampOffset;
    }

    public void setTimestampOffset(long timestampOffset) {
        this.timestampOffset = timestampOffset;
    }

    public boolean isSessionEvents() {
        return sessionEvents;
    }

    public void setSessionEvents(boolean sessionEvents) {
        this.sessionEvents = sessionEvents;
    }

    public boolean isSendPli() {
        return sendPli;
    }

    public void setSendPli(boolean sendPli) {
        this.sendPli = sendPli;
    }

    public WebRtcConfiguration copy() {
        try {
            return (WebRtcConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
