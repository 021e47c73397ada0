package dev.river.component.webrtc.transport;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.river.component.webrtc.rtcp.InboundStream;
import dev.river.component.webrtc.rtcp.OutboundStream;

/**
 * One peer connection: a WHIP publisher (sends its camera, optionally receives the processed stream back) or a WHEP
 * viewer of a publisher's outgoing stream. Holds the ICE credentials, the selected peer address, the DTLS-SRTP
 * transport and the RTP stream state; the {@link WebRtcServer} drives it.
 */
public final class WebRtcSession {

    /** What the session is for. */
    public enum Kind {
        PUBLISHER, VIEWER
    }

    private final String id;
    private final Kind kind;
    private final WebRtcSession source;
    private final String localUfrag;
    private final String localPwd;
    private final String remoteUfrag;
    private final String remoteFingerprint;
    private final int payloadType;
    private final boolean receives;
    private final boolean sends;
    private final OutboundStream outbound;
    private final long createdNanos;
    final Map<Long, InboundStream> inbound = new ConcurrentHashMap<>();
    final List<WebRtcSession> viewers = new CopyOnWriteArrayList<>();
    final Set<InetSocketAddress> addresses = ConcurrentHashMap.newKeySet();
    final AtomicBoolean closed = new AtomicBoolean();
    volatile InetSocketAddress remote;
    volatile boolean nominated;
    volatile long lastConsentNanos;
    volatile DtlsSrtpTransport dtls;
    volatile long connectedNanos;
    volatile long lastPliNanos;
    volatile long mediaSsrc = -1;
    /** SRTP that arrived after the peer's Finished but before river derived its keys; replayed in order. */
    final java.util.ArrayDeque<Early> early = new java.util.ArrayDeque<>();

    /** A datagram held until the SRTP keys exist. */
    record Early(byte[] datagram, InetSocketAddress from) {
    }
    // packet rate limit: packets seen in the current one-second window
    long rateWindowStart;
    int rateCount;

    WebRtcSession(String id, Kind kind, WebRtcSession source, String localUfrag, String localPwd, String remoteUfrag,
                  String remoteFingerprint, int payloadType, boolean receives, boolean sends, OutboundStream outbound,
                  long nowNanos) {
        this.id = id;
        this.kind = kind;
        this.source = source;
        this.localUfrag = localUfrag;
        this.localPwd = localPwd;
        this.remoteUfrag = remoteUfrag;
        this.remoteFingerprint = remoteFingerprint;
        this.payloadType = payloadType;
        this.receives = receives;
        this.sends = sends;
        this.outbound = outbound;
        this.createdNanos = nowNanos;
        this.lastConsentNanos = nowNanos;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** For a viewer: the publisher whose stream it receives; null for a publisher. */
    public WebRtcSession source() {
        return source;
    }

    public String localUfrag() {
        return localUfrag;
    }

    public String localPwd() {
        return localPwd;
    }

    public String remoteUfrag() {
        return remoteUfrag;
    }

    public String remoteFingerprint() {
        return remoteFingerprint;
    }

    public int payloadType() {
        return payloadType;
    }

    /** Whether the peer sends media to river. */
    public boolean receives() {
        return receives;
    }

    /** Whether river sends media to the peer. */
    public boolean sends() {
        return sends;
    }

    /** The outgoing stream: a publisher's own; a viewer shares its publisher's. */
    public OutboundStream outbound() {
        return source != null ? source.outbound : outbound;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public boolean isConnected() {
        DtlsSrtpTransport t = dtls;
        return t != null && t.srtp() != null && !closed.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    public long createdNanos() {
        return createdNanos;
    }

    public List<WebRtcSession> viewers() {
        return viewers;
    }

    /** The SSRC the peer sends its video with (the first seen), or -1. */
    public long mediaSsrc() {
        return mediaSsrc;
    }

    public InboundStream inboundStream(long ssrc) {
        return inbound.get(ssrc);
    }

    @Override
    public String toString() {
        return "WebRtcSession[" + id + " " + kind + " " + remote + "]";
    }
}
