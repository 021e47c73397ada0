package dev.river.component.webrtc.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.river.component.webrtc.dtls.DatagramQueueTransport;
import dev.river.component.webrtc.dtls.DtlsCertificate;
import dev.river.component.webrtc.dtls.SrtpKeys;
import dev.river.component.webrtc.dtls.SrtpProfile;
import dev.river.component.webrtc.rtcp.RtcpPackets;
import dev.river.component.webrtc.srtp.PacketBuffer;
import dev.river.component.webrtc.srtp.SrtpTransformer;
import dev.river.component.webrtc.transport.RtpPackets;
import dev.river.component.webrtc.transport.StunMessage;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A minimal WebRTC publisher in plain Java, the mirror image of the server: ICE controlling (one check with
 * USE-CANDIDATE, then consent checks), DTLS client, SRTP sender of synthetic H264 packets, SRTP receiver of what comes
 * back. Used by tests without a browser and as the load generator of {@link WebRtcBenchmark}.
 */
public final class LoopbackWebRtcPeer implements AutoCloseable {

    private static final Pattern CANDIDATE = Pattern.compile("a=candidate:\\S+ 1 udp \\d+ (\\S+) (\\d+) typ host");
    private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final Pattern PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("a=fingerprint:sha-256 (\\S+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int PAYLOAD_TYPE = 102;

    private final DtlsCertificate certificate = DtlsCertificate.generate("river-peer");
    private final String ufrag = "peer" + Long.toHexString(RANDOM.nextLong() & 0xFFFFFFL);
    private final String pwd = "peerpassword" + Long.toHexString(RANDOM.nextLong() | 1L << 60);
    private final long ssrc = RANDOM.nextInt() & 0xFFFFFFFFL;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receivedBytes = new AtomicLong();
    private final AtomicLong rtcpReceived = new AtomicLong();
    private final AtomicLong pliReceived = new AtomicLong();
    private final AtomicLong nackReceived = new AtomicLong();
    private final AtomicLong retransmissionsReceived = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger toLose = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Integer> lost = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long lastReceivedSeq = -1;
    private volatile long lastReceivedTimestamp = -1;
    private volatile long lastReceivedSsrc = -1;
    private volatile int gapsReceived;
    private DatagramChannel channel;
    private DatagramQueueTransport dtls;
    private org.bouncycastle.tls.DTLSTransport association;
    private volatile SrtpTransformer srtp;
    private volatile boolean running = true;
    private String serverUfrag;
    private String serverPwd;
    private String serverFingerprint;
    private Thread receiver;
    private int seq = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xFFFFFFFFL;

    /** The offer: sendrecv video, H264 packetization-mode=1 42e01f, BUNDLE, rtcp-mux, DTLS actpass. */
    public String offer() {
        return "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
               + "m=video 9 UDP/TLS/RTP/SAVPF " + PAYLOAD_TYPE + "\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
               + "a=ice-ufrag:" + ufrag + "\r\na=ice-pwd:" + pwd + "\r\n"
               + "a=fingerprint:sha-256 " + certificate.fingerprint() + "\r\na=setup:actpass\r\na=sendrecv\r\n"
               + "a=rtcp-mux\r\na=rtpmap:" + PAYLOAD_TYPE + " H264/90000\r\na=rtcp-fb:" + PAYLOAD_TYPE + " nack\r\n"
               + "a=rtcp-fb:" + PAYLOAD_TYPE + " nack pli\r\na=rtcp-fb:" + PAYLOAD_TYPE + " goog-remb\r\n"
               + "a=fmtp:" + PAYLOAD_TYPE + " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
               + "a=ssrc:" + ssrc + " cname:peer\r\n";
    }

    /** Connects with the server's answer: ICE check, DTLS handshake, SRTP keys. Blocks until connected. */
    public void connect(String answer) throws IOException {
        serverUfrag = find(UFRAG, answer);
        serverPwd = find(PWD, answer);
        serverFingerprint = find(FINGERPRINT, answer);
        Matcher candidate = CANDIDATE.matcher(answer);
        if (!candidate.find()) {
            throw new IOException("answer without a host candidate");
        }
        InetSocketAddress server = new InetSocketAddress(candidate.group(1), Integer.parseInt(candidate.group(2)));
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.connect(server);
        dtls = new DatagramQueueTransport((b, off, len) -> channel.write(ByteBuffer.wrap(b, off, len)), 1200);
        receiver = new Thread(this::receiveLoop, "loopback-peer-" + ufrag);
        receiver.setDaemon(true);
        receiver.start();
        consent(true);
        DTLSClientProtocol protocol = new DTLSClientProtocol();
        association = protocol.connect(new Client(new BcTlsCrypto(RANDOM)), dtls);
        if (srtp == null) {
            throw new IOException("no SRTP keys after the handshake");
        }
    }

    /** A consent check (the first one nominates). */
    public void consent(boolean nominate) throws IOException {
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        channel.write(ByteBuffer.wrap(StunMessage.bindingRequest(tx, serverUfrag + ":" + ufrag, nominate, serverPwd)));
    }

    /**
     * Sends one synthetic H264 frame of about {@code bytes} in FU-A fragments of at most 1100 bytes (an IDR when
     * {@code keyframe}), marker on the last packet; the timestamp advances by 3000 (30 fps).
     */
    public void sendFrame(int bytes, boolean keyframe) throws IOException {
        int nalType = keyframe ? 5 : 1;
        int remaining = Math.max(bytes, 10);
        boolean first = true;
        while (remaining > 0) {
            int chunk = Math.min(1100, remaining);
            remaining -= chunk;
            boolean last = remaining == 0;
            byte[] packet = new byte[12 + 2 + chunk];
            packet[0] = (byte) 0x80;
            packet[1] = (byte) ((last ? 0x80 : 0) | PAYLOAD_TYPE);
            RtpPackets.setSequenceNumber(packet, 0, seq);
            seq = (seq + 1) & 0xFFFF;
            RtpPackets.setTimestamp(packet, 0, timestamp);
            RtpPackets.setSsrc(packet, 0, ssrc);
            packet[12] = (byte) (0x60 | 28);
            packet[13] = (byte) ((first ? 0x80 : 0) | (last ? 0x40 : 0) | nalType);
            for (int i = 14; i < packet.length; i++) {
                packet[i] = (byte) (i * 31 + seq);
            }
            first = false;
            sendRtp(packet);
        }
        timestamp = (timestamp + 3000) & 0xFFFFFFFFL;
    }

    /** Sends RTCP feedback about the stream river sends back: a NACK for the given sequence numbers and/or a PLI. */
    public void sendFeedback(long mediaSsrc, int[] nack, boolean pli) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        parts.add(RtcpPackets.receiverReport(ssrc, null));
        if (nack != null && nack.length > 0) {
            parts.add(RtcpPackets.nack(ssrc, mediaSsrc, nack));
        }
        if (pli) {
            parts.add(RtcpPackets.pictureLossIndication(ssrc, mediaSsrc));
        }
        byte[] compound = RtcpPackets.compound(parts.toArray(new byte[0][]));
        PacketBuffer buffer = PacketBuffer.copyOf(compound, 0, compound.length);
        try {
            srtp.protectRtcp(buffer, ssrc);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        channel.write(ByteBuffer.wrap(buffer.getBuffer(), 0, buffer.getLength()));
    }

    /** Drops the next {@code count} RTP packets river sends, as if the network lost them (see {@link #lost()}). */
    public void loseNextReceived(int count) {
        toLose.set(count);
    }

    /** Sequence numbers of the packets dropped by {@link #loseNextReceived(int)}. */
    public int[] lost() {
        return lost.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The sequence number of the last packet received back (-1 before any). */
    public long lastReceivedSequenceNumber() {
        return lastReceivedSeq;
    }

    private void sendRtp(byte[] packet) throws IOException {
        PacketBuffer buffer = PacketBuffer.copyOf(packet, 0, packet.length);
        try {
            srtp.protectRtp(buffer, ssrc);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        channel.write(ByteBuffer.wrap(buffer.getBuffer(), 0, buffer.getLength()));
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (running) {
            try {
                buffer.clear();
                channel.receive(buffer);
            } catch (IOException e) {
                return;
            }
            int len = buffer.position();
            byte[] b = buffer.array();
            int first = b[0] & 0xFF;
            if (first >= 20 && first <= 63) {
                dtls.offer(java.util.Arrays.copyOf(b, len));
            } else if (first >= 128 && first <= 191 && srtp != null) {
                PacketBuffer packet = PacketBuffer.copyOf(b, 0, len);
                try {
                    if (RtpPackets.isRtcp(b, 0, len)) {
                        if (srtp.unprotectRtcp(packet, RtcpPackets.senderSsrc(b, 0)) > 0) {
                            rtcpReceived.incrementAndGet();
                            RtcpPackets.parse(packet.getBuffer(), 0, packet.getLength(), new RtcpPackets.FeedbackHandler() {
                                @Override
                                public void nack(long mediaSsrc, int[] sequenceNumbers) {
                                    nackReceived.incrementAndGet();
                                }

                                @Override
                                public void pictureLoss(long mediaSsrc) {
                                    pliReceived.incrementAndGet();
                                }
                            });
                        }
                    } else if (toLose.get() > 0 && toLose.getAndDecrement() > 0) {
                        lost.add(RtpPackets.sequenceNumber(b, 0));
                    } else if (srtp.unprotectRtp(packet, RtpPackets.ssrc(b, 0)) > 0) {
                        byte[] p = packet.getBuffer();
                        long s = RtpPackets.sequenceNumber(p, 0);
                        long delta = lastReceivedSeq < 0 ? 1 : (s - lastReceivedSeq) & 0xFFFF;
                        if (delta >= 0x8000) {
                            retransmissionsReceived.incrementAndGet();
                        } else {
                            if (delta != 1) {
                                gapsReceived++;
                            }
                            lastReceivedSeq = s;
                        }
                        lastReceivedTimestamp = RtpPackets.timestamp(p, 0);
                        lastReceivedSsrc = RtpPackets.ssrc(p, 0);
                        received.incrementAndGet();
                        receivedBytes.addAndGet(packet.getLength());
                    }
                } catch (java.security.GeneralSecurityException | RuntimeException e) {
                    // a test peer: count nothing, keep going
                }
            }
        }
    }

    public long ssrc() {
        return ssrc;
    }

    public long received() {
        return received.get();
    }

    public long receivedBytes() {
        return receivedBytes.get();
    }

    public long rtcpReceived() {
        return rtcpReceived.get();
    }

    /** Packets received with an older sequence number than the newest: answers to our NACKs. */
    public long retransmissionsReceived() {
        return retransmissionsReceived.get();
    }

    public long pliReceived() {
        return pliReceived.get();
    }

    public long lastReceivedSsrc() {
        return lastReceivedSsrc;
    }

    public long lastReceivedTimestamp() {
        return lastReceivedTimestamp;
    }

    /** Sequence-number discontinuities in what came back (0 when the server sends contiguous numbers). */
    public int gapsReceived() {
        return gapsReceived;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Sends raw bytes from the peer's socket (tests: bad input from a connected peer). */
    public void sendRaw(byte[] datagram) throws IOException {
        channel.write(ByteBuffer.wrap(datagram));
    }

    @Override
    public void close() {
        if (association != null) {
            try {
                // close_notify: the server ends the session at once instead of waiting for consent to expire
                association.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        running = false;
        if (dtls != null) {
            dtls.close();
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing
        }
        if (srtp != null) {
            srtp.close();
        }
    }

    private static String find(Pattern pattern, String text) throws IOException {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IOException("answer without " + pattern.pattern());
        }
        return m.group(1);
    }

    private final class Client extends DefaultTlsClient {
        private final BcTlsCrypto crypto;

        Client(BcTlsCrypto crypto) {
            super(crypto);
            this.crypto = crypto;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 });
        }

        @Override
        @SuppressWarnings({ "rawtypes", "unchecked" })
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {
                SrtpProfile.AES128_CM_HMAC_SHA1_80.id(), SrtpProfile.AEAD_AES_128_GCM.id() }, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    Certificate chain = serverCertificate.getCertificate();
                    if (chain.isEmpty() || !DtlsCertificate.fingerprint(chain.getCertificateAt(0).getEncoded())
                            .equals(serverFingerprint)) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    Certificate chain = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {
                        crypto.createCertificate(certificate.encoded()) });
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                            certificate.privateKey(), chain,
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            UseSRTPData selected = serverExtensions == null ? null
                    : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            SrtpProfile profile = selected == null ? SrtpProfile.AES128_CM_HMAC_SHA1_80
                    : SrtpProfile.byId(selected.getProtectionProfiles()[0]);
            byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
            SrtpKeys keys = SrtpKeys.split(profile, material);
            // the client decrypts with the server's keys and encrypts with its own: swap the roles
            srtp = new SrtpTransformer(new SrtpKeys(profile, keys.serverKey(), keys.serverSalt(), keys.clientKey(),
                    keys.clientSalt()));
        }

        private Hashtable<?, ?> serverExtensions;

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable extensions) throws IOException {
            super.processServerExtensions(extensions);
            this.serverExtensions = extensions;
        }
    }
}
