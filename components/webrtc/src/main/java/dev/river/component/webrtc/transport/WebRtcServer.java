package dev.river.component.webrtc.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.river.component.webrtc.WebRtcConfiguration;
import dev.river.component.webrtc.WebRtcStatistics;
import dev.river.component.webrtc.WebRtcStatistics.Counter;
import dev.river.component.webrtc.dtls.DtlsCertificate;
import dev.river.component.webrtc.rtcp.InboundStream;
import dev.river.component.webrtc.rtcp.OutboundStream;
import dev.river.component.webrtc.rtcp.RtcpPackets;
import dev.river.component.webrtc.sdp.SdpAnswerer;
import dev.river.component.webrtc.sdp.SdpException;
import dev.river.component.webrtc.sdp.SdpOffer;
import dev.river.component.webrtc.srtp.PacketBuffer;
import dev.river.component.webrtc.srtp.SrtpTransformer;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP port serving every session of a webrtc: endpoint name: demultiplexes datagrams (RFC 7983) by first byte
 * and source address to the ICE-lite agent, a session's DTLS transport or its SRTP streams; sends the producer's
 * packets and the RTCP river owes its peers (receiver reports, NACK, PLI, REMB, sender reports); ends sessions whose
 * consent lapses. Bad input is dropped and counted; one session's failure never touches another.
 */
public final class WebRtcServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcServer.class);
    private static final int CLOCK_RATE = 90_000;
    private static final long TICK_MILLIS = 20;
    private static final long PLI_MIN_INTERVAL_NANOS = 300_000_000L;
    /** Media held per session between the peer's Finished and river's keys (a few ms; more under CPU pressure). */
    private static final int MAX_EARLY_PACKETS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** Receives what the server produces: decrypted RTP packets and session lifecycle events. */
    public interface Listener {
        void onRtp(WebRtcSession session, byte[] packet, long arrivalNanos);

        default void onSessionEvent(WebRtcSession session, String event, String reason) {
        }
    }

    /** A created session and the SDP answer to return. */
    public record Offered(WebRtcSession session, String answer) {
    }

    /** Thrown when a new session would exceed maxSessions. */
    public static final class SessionLimitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SessionLimitException(String message) {
            super(message);
        }
    }

    private final String name;
    private final WebRtcConfiguration config;
    private final WebRtcStatistics statistics = new WebRtcStatistics();
    private final IceLiteAgent ice = new IceLiteAgent(statistics);
    private final Map<String, WebRtcSession> sessions = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, WebRtcSession> byAddress = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final DtlsSrtpTransport.Listener dtlsListener = new DtlsSrtpTransport.Listener() {
        @Override
        public void connected(WebRtcSession session) {
            session.connectedNanos = System.nanoTime();
            statistics.increment(Counter.SESSIONS_CONNECTED);
            synchronized (session) {
                replayEarly(session, session.connectedNanos);
            }
            LOG.info("Session {} connected ({} from {})", session.id(), session.dtls.profile(), session.remote());
            if (session.source() != null) {
                // a new viewer can only start decoding at a keyframe
                requestKeyframe(session.source());
            }
            fire(session, "connected", null);
        }

        @Override
        public void closed(WebRtcSession session, String reason) {
            if (session.connectedNanos == 0) {
                statistics.increment(Counter.HANDSHAKE_FAILED);
            }
            endSession(session, reason);
        }
    };
    private DatagramChannel channel;
    private DtlsCertificate certificate;
    private BcTlsCrypto crypto;
    private List<InetSocketAddress> candidates;
    private NetworkList allowedPeers;
    private ExecutorService receiveExecutor;
    private ExecutorService dtlsExecutor;
    private ScheduledFuture<?> ticker;
    private volatile boolean running;
    private long lastReportNanos;

    public WebRtcServer(String name, WebRtcConfiguration config) {
        this.name = name;
        this.config = config;
    }

    /** Opens the port, creates the certificate, warms jitsi-srtp up and starts the receive loop and RTCP timer. */
    public void start(ExecutorService receiveExecutor, ScheduledExecutorService timer, ExecutorService dtlsExecutor)
            throws IOException {
        SrtpTransformer.warmUp();
        this.crypto = new BcTlsCrypto(RANDOM);
        this.certificate = DtlsCertificate.generate("river-" + name);
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getByName(config.getBindAddress()), config.getPort()));
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
        this.candidates = candidates(config, localPort());
        this.allowedPeers = config.getAllowedPeerNetworks() == null || config.getAllowedPeerNetworks().isBlank() ? null
                : NetworkList.parse(config.getAllowedPeerNetworks());
        this.receiveExecutor = receiveExecutor;
        this.dtlsExecutor = dtlsExecutor;
        this.running = true;
        receiveExecutor.submit(this::receiveLoop);
        this.ticker = timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("webrtc:{} listening on udp {} (candidates {}), fingerprint {}", name, channel.getLocalAddress(),
                candidates, certificate.fingerprint());
    }

    /** Ends every session and closes the port. */
    public void stop() {
        running = false;
        for (WebRtcSession session : new ArrayList<>(sessions.values())) {
            endSession(session, "server stopped");
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("close failed", e);
            }
        }
    }

    static List<InetSocketAddress> candidates(WebRtcConfiguration config, int port) throws IOException {
        List<InetSocketAddress> list = new ArrayList<>();
        String spec = config.getCandidateAddresses();
        if (spec == null || spec.isBlank()) {
            InetAddress bind = InetAddress.getByName(config.getBindAddress());
            if (bind.isAnyLocalAddress()) {
                throw new IllegalArgumentException("bindAddress " + config.getBindAddress()
                                                   + " needs candidateAddresses: peers must be told a concrete address");
            }
            list.add(new InetSocketAddress(bind, port));
            return list;
        }
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            if (colon > 0 && e.indexOf(':') == colon) {
                list.add(new InetSocketAddress(InetAddress.getByName(e.substring(0, colon)),
                        Integer.parseInt(e.substring(colon + 1))));
            } else {
                list.add(new InetSocketAddress(InetAddress.getByName(e), port));
            }
        }
        return list;
    }

    public int localPort() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    public String name() {
        return name;
    }

    public WebRtcStatistics statistics() {
        return statistics;
    }

    public String fingerprint() {
        return certificate.fingerprint();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public WebRtcSession session(String id) {
        return id == null ? null : sessions.get(id);
    }

    public Collection<WebRtcSession> sessions() {
        return sessions.values();
    }

    // --- signalling ------------------------------------------------------------------------------

    /** WHIP: a publisher's offer; its peer sends video and, if the offer is sendrecv, receives river's stream. */
    public Offered publish(String offerSdp) {
        return offer(offerSdp, null);
    }

    /** WHEP: a viewer's offer to receive the outgoing stream of a publisher session. */
    public Offered view(String publisherId, String offerSdp) {
        WebRtcSession source = sessions.get(publisherId);
        if (source == null || source.kind() != WebRtcSession.Kind.PUBLISHER || source.isClosed()) {
            throw new IllegalArgumentException("no publisher session " + publisherId);
        }
        return offer(offerSdp, source);
    }

    private Offered offer(String offerSdp, WebRtcSession source) {
        SdpOffer offer;
        SdpAnswerer.Negotiated negotiated;
        try {
            offer = SdpOffer.parse(offerSdp);
            negotiated = SdpAnswerer.negotiate(offer, source == null, source != null);
        } catch (SdpException e) {
            statistics.increment(Counter.SDP_MALFORMED);
            throw e;
        }
        if (!running) {
            throw new IllegalStateException("webrtc:" + name + " is not running");
        }
        WebRtcSession session;
        synchronized (this) {
            if (sessions.size() >= config.getMaxSessions()) {
                statistics.increment(Counter.SESSIONS_REJECTED);
                throw new SessionLimitException("webrtc:" + name + " already has " + sessions.size() + " sessions");
            }
            String id = HexFormat.of().formatHex(randomBytes(8));
            OutboundStream outbound = null;
            if (source == null) {
                long offset = config.getTimestampOffset() >= 0 ? config.getTimestampOffset()
                        : RANDOM.nextLong() & 0xFFFFFFFFL;
                outbound = new OutboundStream(OutboundStream.randomSsrc(), offset, negotiated.payloadType(),
                        config.getRetransmissionBufferSize());
            }
            session = new WebRtcSession(id, source == null ? WebRtcSession.Kind.PUBLISHER : WebRtcSession.Kind.VIEWER,
                    source, randomIce(8), randomIce(24), offer.iceUfrag(), offer.fingerprint(), negotiated.payloadType(),
                    negotiated.receives(), negotiated.sends(), outbound, System.nanoTime());
            sessions.put(id, session);
        }
        WebRtcSession s = session;
        session.dtls = new DtlsSrtpTransport(session, crypto, certificate, config.isSrtpGcm(), config.getMtu(),
                (buf, off, len) -> sendRaw(s, buf, off, len), dtlsListener);
        ice.register(session);
        if (source != null) {
            source.viewers.add(session);
        }
        dtlsExecutor.submit(session.dtls);
        statistics.increment(Counter.SESSIONS_STARTED);
        String label = "river-" + (source != null ? source.id() : session.id());
        String answer = SdpAnswerer.answer(offer, negotiated,
                new SdpAnswerer.LocalParameters(session.localUfrag(), session.localPwd(), certificate.fingerprint(),
                        candidates, session.outbound().ssrc(), label, label, "video-" + label),
                System.currentTimeMillis());
        LOG.info("Session {} ({}) started, H264 pt {}", session.id(), session.kind(), negotiated.payloadType());
        fire(session, "started", null);
        return new Offered(session, answer);
    }

    /** Ends a session (WHIP/WHEP DELETE, consent lost, DTLS closed, server stop); its viewers end with it. */
    public boolean endSession(String id, String reason) {
        WebRtcSession session = sessions.get(id);
        if (session == null) {
            return false;
        }
        endSession(session, reason);
        return true;
    }

    void endSession(WebRtcSession session, String reason) {
        if (!session.closed.compareAndSet(false, true)) {
            return;
        }
        sessions.remove(session.id(), session);
        ice.unregister(session);
        for (InetSocketAddress address : session.addresses) {
            byAddress.remove(address, session);
        }
        DtlsSrtpTransport dtls = session.dtls;
        if (dtls != null) {
            dtls.close();
        }
        if (session.source() != null) {
            session.source().viewers.remove(session);
        }
        for (WebRtcSession viewer : session.viewers) {
            endSession(viewer, "publisher ended");
        }
        statistics.increment(Counter.SESSIONS_ENDED);
        LOG.info("Session {} ended: {}", session.id(), reason);
        fire(session, "ended", reason);
    }

    private void fire(WebRtcSession session, String event, String reason) {
        for (Listener listener : listeners) {
            try {
                listener.onSessionEvent(session, event, reason);
            } catch (RuntimeException e) {
                LOG.warn("Session listener failed on {} {}", event, session.id(), e);
            }
        }
    }

    // --- receive path ------------------------------------------------------------------------------

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        byte[] array = buffer.array();
        while (running) {
            InetSocketAddress from;
            try {
                buffer.clear();
                from = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (running) {
                    LOG.warn("UDP receive failed", e);
                }
                continue;
            }
            long arrival = System.nanoTime();
            int length = buffer.position();
            try {
                demultiplex(array, length, from, arrival);
            } catch (RuntimeException e) {
                statistics.increment(Counter.GARBAGE);
                LOG.debug("Dropped a datagram from {}", from, e);
            }
        }
    }

    private void demultiplex(byte[] b, int length, InetSocketAddress from, long arrival) {
        if (length == 0) {
            statistics.increment(Counter.GARBAGE);
            return;
        }
        int first = b[0] & 0xFF;
        if (first <= 3) {
            stun(b, length, from, arrival);
            return;
        }
        if (first >= 20 && first <= 63) {
            WebRtcSession session = byAddress.get(from);
            if (session == null) {
                statistics.increment(Counter.UNKNOWN_SOURCE);
                return;
            }
            adoptAddress(session, from);
            if (!session.dtls.offer(java.util.Arrays.copyOf(b, length))) {
                statistics.increment(Counter.DTLS_DROPPED);
            }
            return;
        }
        if (first >= 128 && first <= 191) {
            WebRtcSession session = byAddress.get(from);
            if (session == null) {
                statistics.increment(Counter.UNKNOWN_SOURCE);
                return;
            }
            if (!withinRate(session, arrival)) {
                statistics.increment(Counter.RATE_LIMITED);
                return;
            }
            // per-session lock: the DTLS thread may be replaying early packets of this session right now
            synchronized (session) {
                if (session.dtls.srtp() == null) {
                    if (session.early.size() < MAX_EARLY_PACKETS) {
                        session.early.add(new WebRtcSession.Early(java.util.Arrays.copyOf(b, length), from));
                    } else {
                        statistics.increment(Counter.RTP_BEFORE_KEYS);
                    }
                    return;
                }
                replayEarly(session, arrival);
                srtpDatagram(session, b, length, from, arrival);
            }
            return;
        }
        statistics.increment(Counter.GARBAGE);
    }

    private void srtpDatagram(WebRtcSession session, byte[] b, int length, InetSocketAddress from, long arrival) {
        if (RtpPackets.isRtcp(b, 0, length)) {
            rtcp(session, b, length, arrival);
        } else {
            rtp(session, b, length, from, arrival);
        }
    }

    /** Media that arrived between the peer's Finished and river's keys, in arrival order (caller holds the lock). */
    private void replayEarly(WebRtcSession session, long arrival) {
        WebRtcSession.Early early;
        while ((early = session.early.poll()) != null) {
            srtpDatagram(session, early.datagram(), early.datagram().length, early.from(), arrival);
        }
    }

    private void stun(byte[] b, int length, InetSocketAddress from, long arrival) {
        if (allowedPeers != null && !allowedPeers.contains(from.getAddress())) {
            statistics.increment(Counter.PEER_NOT_ALLOWED);
            return;
        }
        IceLiteAgent.Check check = ice.check(b, length, from);
        if (check == null) {
            return;
        }
        WebRtcSession session = check.session();
        try {
            channel.send(ByteBuffer.wrap(check.response()), from);
        } catch (IOException e) {
            LOG.debug("STUN response to {} failed", from, e);
            return;
        }
        session.lastConsentNanos = arrival;
        if (session.addresses.add(from)) {
            byAddress.put(from, session);
        }
        if (check.nominated()) {
            if (!from.equals(session.remote)) {
                LOG.debug("Session {} nominated {}", session.id(), from);
            }
            session.remote = from;
            session.nominated = true;
        } else if (session.remote == null) {
            session.remote = from;
        }
    }

    /** Before nomination, answer on the address the peer last used for DTLS or media. */
    private static void adoptAddress(WebRtcSession session, InetSocketAddress from) {
        if (!session.nominated && !from.equals(session.remote)) {
            session.remote = from;
        }
    }

    private boolean withinRate(WebRtcSession session, long now) {
        if (now - session.rateWindowStart >= 1_000_000_000L) {
            session.rateWindowStart = now;
            session.rateCount = 0;
        }
        return ++session.rateCount <= config.getMaxPacketRate();
    }

    private void rtp(WebRtcSession session, byte[] b, int length, InetSocketAddress from, long arrival) {
        SrtpTransformer srtp = session.dtls.srtp();
        if (srtp == null) {
            statistics.increment(Counter.RTP_BEFORE_KEYS);
            return;
        }
        if (length < RtpPackets.FIXED_HEADER + 10 || !session.receives()) {
            statistics.increment(Counter.RTP_MALFORMED);
            return;
        }
        long ssrc = RtpPackets.ssrc(b, 0);
        PacketBuffer packet = PacketBuffer.copyOf(b, 0, length);
        int n;
        try {
            n = srtp.unprotectRtp(packet, ssrc);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            n = -1;
        }
        if (n < 0) {
            statistics.increment(Counter.SRTP_AUTH_FAILED);
            return;
        }
        byte[] plain = packet.getBuffer();
        int payloadOffset = RtpPackets.payloadOffset(plain, 0, n);
        if (payloadOffset < 0) {
            statistics.increment(Counter.RTP_MALFORMED);
            return;
        }
        if (RtpPackets.payloadType(plain, 0) != session.payloadType()) {
            statistics.increment(Counter.RTP_UNEXPECTED_PAYLOAD_TYPE);
            return;
        }
        adoptAddress(session, from);
        if (session.mediaSsrc < 0) {
            session.mediaSsrc = ssrc;
        }
        InboundStream stream = session.inbound.computeIfAbsent(ssrc, s -> new InboundStream(s, CLOCK_RATE, arrival));
        if (stream.onPacket(RtpPackets.sequenceNumber(plain, 0), RtpPackets.timestamp(plain, 0), arrival)) {
            statistics.increment(Counter.RECOVERED_PACKETS);
        }
        statistics.increment(Counter.RTP_RECEIVED);
        statistics.add(Counter.RTP_BYTES_RECEIVED, n);
        byte[] rtp = java.util.Arrays.copyOf(plain, n);
        for (Listener listener : listeners) {
            try {
                listener.onRtp(session, rtp, arrival);
            } catch (RuntimeException e) {
                LOG.warn("RTP listener failed for session {}", session.id(), e);
            }
        }
    }

    private void rtcp(WebRtcSession session, byte[] b, int length, long arrival) {
        SrtpTransformer srtp = session.dtls.srtp();
        if (srtp == null) {
            statistics.increment(Counter.RTP_BEFORE_KEYS);
            return;
        }
        PacketBuffer packet = PacketBuffer.copyOf(b, 0, length);
        int n;
        try {
            n = srtp.unprotectRtcp(packet, RtcpPackets.senderSsrc(b, 0));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            n = -1;
        }
        if (n < 0) {
            statistics.increment(Counter.SRTP_AUTH_FAILED);
            return;
        }
        statistics.increment(Counter.RTCP_RECEIVED);
        boolean wellFormed = RtcpPackets.parse(packet.getBuffer(), 0, n, new RtcpPackets.FeedbackHandler() {
            @Override
            public void nack(long mediaSsrc, int[] sequenceNumbers) {
                statistics.increment(Counter.NACK_RECEIVED);
                OutboundStream out = session.outbound();
                if (out == null || mediaSsrc != out.ssrc()) {
                    return;
                }
                for (int seq : sequenceNumbers) {
                    byte[] p = out.retransmission(seq);
                    if (p == null) {
                        statistics.increment(Counter.RETRANSMISSION_MISSED);
                    } else if (sendRtp(session, p)) {
                        statistics.increment(Counter.RETRANSMITTED);
                    }
                }
            }

            @Override
            public void pictureLoss(long mediaSsrc) {
                statistics.increment(Counter.PLI_RECEIVED);
                OutboundStream out = session.outbound();
                if (out != null && mediaSsrc == out.ssrc()) {
                    requestKeyframe(session.source() != null ? session.source() : session);
                }
            }

            @Override
            public void senderReport(long senderSsrc, long ntpMiddle32) {
                InboundStream stream = session.inbound.get(senderSsrc);
                if (stream != null) {
                    stream.onSenderReport(ntpMiddle32, arrival);
                }
            }
        });
        if (!wellFormed) {
            statistics.increment(Counter.RTCP_MALFORMED);
        }
    }

    // --- send path --------------------------------------------------------------------------------

    /**
     * Sends an RTP packet on a publisher session's outgoing stream (to the publisher if its offer receives, and to its
     * WHEP viewers). Returns the rewritten plain packet (new SSRC, sequence number, timestamp) or null if the session
     * is unknown or ended, or the packet is not RTP.
     */
    public byte[] send(String sessionId, byte[] packet) {
        WebRtcSession session = sessions.get(sessionId == null ? "" : sessionId);
        if (session == null || session.isClosed() || session.kind() != WebRtcSession.Kind.PUBLISHER) {
            statistics.increment(Counter.RTP_SEND_NO_SESSION);
            return null;
        }
        if (packet == null || RtpPackets.payloadOffset(packet, 0, packet.length) < 0 || RtpPackets.isRtcp(packet, 0, packet.length)) {
            statistics.increment(Counter.RTP_SEND_FAILED);
            return null;
        }
        byte[] plain = session.outbound().rewrite(packet, 0, packet.length, System.nanoTime());
        if (session.sends()) {
            sendRtp(session, plain);
        }
        for (WebRtcSession viewer : session.viewers) {
            sendRtp(viewer, plain);
        }
        return plain;
    }

    private boolean sendRtp(WebRtcSession destination, byte[] plain) {
        DtlsSrtpTransport dtls = destination.dtls;
        SrtpTransformer srtp = dtls == null ? null : dtls.srtp();
        InetSocketAddress to = destination.remote;
        if (srtp == null || to == null || destination.isClosed()) {
            return false;
        }
        PacketBuffer packet = PacketBuffer.copyOf(plain, 0, plain.length);
        if (RtpPackets.payloadType(plain, 0) != destination.payloadType()) {
            RtpPackets.setPayloadType(packet.getBuffer(), 0, destination.payloadType());
        }
        try {
            if (!srtp.protectRtp(packet, RtpPackets.ssrc(plain, 0))) {
                statistics.increment(Counter.RTP_SEND_FAILED);
                return false;
            }
            channel.send(ByteBuffer.wrap(packet.getBuffer(), 0, packet.getLength()), to);
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            statistics.increment(Counter.RTP_SEND_FAILED);
            return false;
        }
        statistics.increment(Counter.RTP_SENT);
        statistics.add(Counter.RTP_BYTES_SENT, packet.getLength());
        return true;
    }

    private boolean sendRtcp(WebRtcSession destination, byte[] compound) {
        DtlsSrtpTransport dtls = destination.dtls;
        SrtpTransformer srtp = dtls == null ? null : dtls.srtp();
        InetSocketAddress to = destination.remote;
        if (srtp == null || to == null || destination.isClosed()) {
            return false;
        }
        PacketBuffer packet = PacketBuffer.copyOf(compound, 0, compound.length);
        try {
            if (!srtp.protectRtcp(packet, RtcpPackets.senderSsrc(compound, 0))) {
                return false;
            }
            channel.send(ByteBuffer.wrap(packet.getBuffer(), 0, packet.getLength()), to);
            return true;
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            LOG.debug("RTCP to {} failed", destination.id(), e);
            return false;
        }
    }

    /** DTLS records straight to the session's current peer address. */
    private void sendRaw(WebRtcSession session, byte[] buf, int off, int len) throws IOException {
        InetSocketAddress to = session.remote;
        if (to != null && channel.isOpen()) {
            channel.send(ByteBuffer.wrap(buf, off, len), to);
        }
    }

    /** Sends an RTCP PLI to a publisher's video (throttled to one per 300 ms); false if there is nothing to ask. */
    public boolean requestKeyframe(WebRtcSession publisher) {
        long media = publisher.mediaSsrc;
        long now = System.nanoTime();
        if (media < 0 || !publisher.receives() || now - publisher.lastPliNanos < PLI_MIN_INTERVAL_NANOS) {
            return false;
        }
        publisher.lastPliNanos = now;
        long own = publisher.outbound().ssrc();
        if (sendRtcp(publisher, RtcpPackets.compound(RtcpPackets.receiverReport(own, null),
                RtcpPackets.pictureLossIndication(own, media)))) {
            statistics.increment(Counter.PLI_SENT);
            return true;
        }
        return false;
    }

    // --- timer ------------------------------------------------------------------------------------

    private void tick() {
        try {
            long now = System.nanoTime();
            boolean report = now - lastReportNanos >= config.getRtcpInterval() * 1_000_000L;
            if (report) {
                lastReportNanos = now;
            }
            for (WebRtcSession session : sessions.values()) {
                try {
                    tick(session, now, report);
                } catch (RuntimeException e) {
                    LOG.warn("RTCP timer failed for session {}", session.id(), e);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("RTCP timer failed", e);
        }
    }

    private void tick(WebRtcSession session, long now, boolean report) {
        if (now - session.lastConsentNanos > config.getConsentTimeout() * 1_000_000L) {
            statistics.increment(Counter.CONSENT_EXPIRED);
            endSession(session, "consent expired");
            return;
        }
        if (!session.isConnected()) {
            if (now - session.createdNanos() > config.getHandshakeTimeout() * 1_000_000L) {
                statistics.increment(Counter.HANDSHAKE_FAILED);
                endSession(session, "ICE/DTLS not completed in time");
            }
            return;
        }
        long own = session.outbound().ssrc();
        if (session.receives() && config.isNack()) {
            for (InboundStream stream : session.inbound.values()) {
                int[] due = stream.nacksDue(now);
                if (due.length > 0 && sendRtcp(session, RtcpPackets.compound(RtcpPackets.receiverReport(own, null),
                        RtcpPackets.nack(own, stream.ssrc(), due)))) {
                    statistics.increment(Counter.NACK_SENT);
                    statistics.add(Counter.NACKED_PACKETS, due.length);
                }
            }
        }
        if (!report) {
            return;
        }
        List<byte[]> parts = new ArrayList<>();
        boolean rr = false;
        boolean sr = false;
        if (session.sends()) {
            byte[] senderReport = session.outbound().senderReport(now, CLOCK_RATE);
            if (senderReport != null) {
                parts.add(senderReport);
                sr = true;
            }
        }
        if (session.receives()) {
            InboundStream stream = session.mediaSsrc >= 0 ? session.inbound.get(session.mediaSsrc) : null;
            parts.add(RtcpPackets.receiverReport(own, stream == null ? null : stream.reportBlock(now)));
            rr = true;
            if (config.getRembMaxBitrate() > 0 && session.mediaSsrc >= 0) {
                parts.add(RtcpPackets.remb(own, config.getRembMaxBitrate(), session.mediaSsrc));
            }
        }
        if (!parts.isEmpty() && sendRtcp(session, RtcpPackets.compound(parts.toArray(new byte[0][])))) {
            if (rr) {
                statistics.increment(Counter.RR_SENT);
            }
            if (sr) {
                statistics.increment(Counter.SR_SENT);
            }
            if (session.receives() && config.getRembMaxBitrate() > 0 && session.mediaSsrc >= 0) {
                statistics.increment(Counter.REMB_SENT);
            }
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String randomIce(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }
}
