package dev.river.component.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.river.component.webrtc.dtls.SrtpKeys;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP for one DTLS association via jitsi-srtp: unprotect what the peer sends (client keys), protect what
 * river sends (server keys). Contexts are derived per SSRC on first use, bounded so a peer cannot grow them forever.
 */
public final class SrtpTransformer implements AutoCloseable {

    private static final Logger JITSI_LOGGER = new LoggerImpl(SrtpTransformer.class.getName());
    private static final int MAX_SSRCS = 16;
    private static boolean warmedUp;

    private final SrtpContextFactory inbound;
    private final SrtpContextFactory outbound;
    private final Map<Long, SrtpCryptoContext> inRtp = new ConcurrentHashMap<>();
    private final Map<Long, SrtcpCryptoContext> inRtcp = new ConcurrentHashMap<>();
    private final Map<Long, SrtpCryptoContext> outRtp = new ConcurrentHashMap<>();
    private final Map<Long, SrtcpCryptoContext> outRtcp = new ConcurrentHashMap<>();

    public SrtpTransformer(SrtpKeys keys) {
        SrtpPolicy policy = keys.profile().policy();
        this.inbound = new SrtpContextFactory(false, keys.clientKey(), keys.clientSalt(), policy, policy, JITSI_LOGGER);
        this.outbound = new SrtpContextFactory(true, keys.serverKey(), keys.serverSalt(), policy, policy, JITSI_LOGGER);
    }

    /**
     * Runs jitsi-srtp's AES implementation self-benchmark (seconds on a busy machine) now, at endpoint start, so that
     * it never delays the first packets of a session.
     */
    public static synchronized void warmUp() {
        if (warmedUp) {
            return;
        }
        for (dev.river.component.webrtc.dtls.SrtpProfile profile : dev.river.component.webrtc.dtls.SrtpProfile.values()) {
            // jitsi-srtp benchmarks each cipher (AES/CTR, AES/GCM) on first use
            SrtpPolicy policy = profile.policy();
            SrtpContextFactory factory = new SrtpContextFactory(true, new byte[profile.keyLength()],
                    new byte[profile.saltLength()], policy, policy, JITSI_LOGGER);
            try {
                SrtpCryptoContext context = factory.deriveContext(1, 0);
                byte[] packet = new byte[100];
                packet[0] = (byte) 0x80;
                packet[11] = 1;
                context.transformPacket(PacketBuffer.copyOf(packet, 0, packet.length));
                factory.deriveControlContext(1).transformPacket(PacketBuffer.copyOf(
                        dev.river.component.webrtc.rtcp.RtcpPackets.pictureLossIndication(1, 2), 0, 12));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("jitsi-srtp does not work here", e);
            } finally {
                factory.close();
            }
        }
        warmedUp = true;
    }

    /** Decrypts and authenticates an SRTP packet in place; returns the RTP length or -1 (auth/replay failure). */
    public int unprotectRtp(PacketBuffer packet, long ssrc) throws GeneralSecurityException {
        SrtpCryptoContext context = inRtp.get(ssrc);
        if (context == null) {
            if (inRtp.size() >= MAX_SSRCS) {
                return -1;
            }
            context = inRtp.computeIfAbsent(ssrc, s -> derive(inbound, s));
        }
        SrtpErrorStatus status = context.reverseTransformPacket(packet, false);
        return status == SrtpErrorStatus.OK ? packet.getLength() : -1;
    }

    /** Decrypts and authenticates an SRTCP packet in place; returns the RTCP length or -1. */
    public int unprotectRtcp(PacketBuffer packet, long senderSsrc) throws GeneralSecurityException {
        SrtcpCryptoContext context = inRtcp.get(senderSsrc);
        if (context == null) {
            if (inRtcp.size() >= MAX_SSRCS) {
                return -1;
            }
            context = inRtcp.computeIfAbsent(senderSsrc, s -> deriveControl(inbound, s));
        }
        SrtpErrorStatus status = context.reverseTransformPacket(packet);
        return status == SrtpErrorStatus.OK ? packet.getLength() : -1;
    }

    /** Protects an RTP packet (the buffer needs {@link PacketBuffer#TRAILER_ROOM}); false if jitsi refused. */
    public boolean protectRtp(PacketBuffer packet, long ssrc) throws GeneralSecurityException {
        SrtpCryptoContext context = outRtp.computeIfAbsent(ssrc, s -> derive(outbound, s));
        return context.transformPacket(packet) == SrtpErrorStatus.OK;
    }

    /** Protects an RTCP compound packet sent with the given sender SSRC. */
    public boolean protectRtcp(PacketBuffer packet, long senderSsrc) throws GeneralSecurityException {
        SrtcpCryptoContext context = outRtcp.computeIfAbsent(senderSsrc, s -> deriveControl(outbound, s));
        return context.transformPacket(packet) == SrtpErrorStatus.OK;
    }

    @Override
    public void close() {
        inbound.close();
        outbound.close();
    }

    private static SrtpCryptoContext derive(SrtpContextFactory factory, long ssrc) {
        try {
            return factory.deriveContext((int) ssrc, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SrtcpCryptoContext deriveControl(SrtpContextFactory factory, long ssrc) {
        try {
            return factory.deriveControlContext((int) ssrc);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
