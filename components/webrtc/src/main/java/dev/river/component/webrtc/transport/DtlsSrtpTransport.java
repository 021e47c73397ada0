package dev.river.component.webrtc.transport;

import java.io.IOException;

import dev.river.component.webrtc.dtls.DatagramQueueTransport;
import dev.river.component.webrtc.dtls.DtlsCertificate;
import dev.river.component.webrtc.dtls.DtlsSrtpServer;
import dev.river.component.webrtc.dtls.SrtpKeys;
import dev.river.component.webrtc.srtp.SrtpTransformer;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's DTLS association and the SRTP transformer derived from it. {@link #run()} is the session's DTLS
 * thread: the handshake, then servicing the association (retransmitted flights, close_notify) until it closes.
 */
public final class DtlsSrtpTransport implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DtlsSrtpTransport.class);

    /** What the server learns from the association. */
    public interface Listener {
        void connected(WebRtcSession session);

        void closed(WebRtcSession session, String reason);
    }

    private final WebRtcSession session;
    private final DatagramQueueTransport datagrams;
    private final DtlsSrtpServer server;
    private final Listener listener;
    private volatile SrtpTransformer srtp;
    private volatile DTLSTransport transport;

    public DtlsSrtpTransport(WebRtcSession session, BcTlsCrypto crypto, DtlsCertificate certificate, boolean allowGcm,
                             int mtu, DatagramQueueTransport.Sender sender, Listener listener) {
        this.session = session;
        this.listener = listener;
        this.datagrams = new DatagramQueueTransport(sender, mtu);
        this.server = new DtlsSrtpServer(crypto, certificate, session.remoteFingerprint(), allowGcm, this::keys);
    }

    private void keys(SrtpKeys keys) {
        srtp = new SrtpTransformer(keys);
        LOG.debug("Session {} negotiated {}", session.id(), keys.profile());
    }

    /** Hands a DTLS datagram from the receive loop; false if it had to be dropped. */
    public boolean offer(byte[] datagram) {
        return datagrams.offer(datagram);
    }

    public SrtpTransformer srtp() {
        return srtp;
    }

    public String profile() {
        return server.profile() == null ? null : server.profile().name();
    }

    @Override
    public void run() {
        try {
            DTLSServerProtocol protocol = new DTLSServerProtocol();
            protocol.setVerifyRequests(false);
            transport = protocol.accept(server, datagrams);
        } catch (IOException | RuntimeException e) {
            if (!session.isClosed()) {
                LOG.info("DTLS handshake of session {} failed: {}", session.id(), e.toString());
                listener.closed(session, "dtls handshake failed: " + e.getMessage());
            }
            return;
        }
        listener.connected(session);
        byte[] buf = new byte[2048];
        while (!session.isClosed()) {
            try {
                int n = transport.receive(buf, 0, buf.length, 1000);
                if (server.isPeerClosed()) {
                    if (!session.isClosed()) {
                        listener.closed(session, "dtls closed by peer");
                    }
                    break;
                }
                if (n < 0 && session.isClosed()) {
                    break;
                }
            } catch (IOException | RuntimeException e) {
                if (!session.isClosed()) {
                    // bctls closes the datagram transport itself when close_notify arrives
                    listener.closed(session, server.isPeerClosed() ? "dtls closed by peer" : "dtls failed: " + e.getMessage());
                }
                break;
            }
        }
    }

    /** Closes the association (sends close_notify when connected) and the SRTP contexts. */
    public void close() {
        DTLSTransport t = transport;
        if (t != null) {
            try {
                t.close();
            } catch (IOException | RuntimeException e) {
                LOG.trace("close_notify failed", e);
            }
        }
        datagrams.close();
        SrtpTransformer s = srtp;
        if (s != null) {
            s.close();
        }
    }
}
