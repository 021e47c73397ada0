package dev.river.component.webrtc.transport;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.river.component.webrtc.WebRtcStatistics;
import dev.river.component.webrtc.WebRtcStatistics.Counter;

/**
 * The ICE-lite side of RFC 8445 section 2.5: river never sends checks, it answers the peer's binding requests. A
 * request is answered only when its USERNAME names a live session (our ufrag : the offer's ufrag), its
 * MESSAGE-INTEGRITY verifies with that session's password and its FINGERPRINT is right; each answered check is also
 * consent (RFC 7675) for that session and address.
 */
public final class IceLiteAgent {

    /** A check that verified: the session, the signed response to send back, and whether it nominated the pair. */
    public record Check(WebRtcSession session, byte[] response, boolean nominated) {
    }

    private final Map<String, WebRtcSession> byUfrag = new ConcurrentHashMap<>();
    private final WebRtcStatistics statistics;

    public IceLiteAgent(WebRtcStatistics statistics) {
        this.statistics = statistics;
    }

    public void register(WebRtcSession session) {
        byUfrag.put(session.localUfrag(), session);
    }

    public void unregister(WebRtcSession session) {
        byUfrag.remove(session.localUfrag(), session);
    }

    /** Verifies a STUN datagram; returns the check to act on, or null when it is dropped (and counted). */
    public Check check(byte[] datagram, int length, InetSocketAddress from) {
        StunMessage message;
        try {
            message = StunMessage.parse(datagram, length);
        } catch (IllegalArgumentException e) {
            statistics.increment(Counter.STUN_MALFORMED);
            return null;
        }
        if (message.type() == StunMessage.BINDING_INDICATION) {
            return null;
        }
        if (message.type() != StunMessage.BINDING_REQUEST) {
            statistics.increment(Counter.STUN_UNEXPECTED);
            return null;
        }
        String username = message.username();
        int colon = username == null ? -1 : username.indexOf(':');
        if (colon < 0) {
            statistics.increment(Counter.STUN_UNAUTHORIZED);
            return null;
        }
        WebRtcSession session = byUfrag.get(username.substring(0, colon));
        if (session == null || session.isClosed() || !username.substring(colon + 1).equals(session.remoteUfrag())
            || !message.checkIntegrity(session.localPwd())) {
            statistics.increment(Counter.STUN_UNAUTHORIZED);
            return null;
        }
        byte[] response = StunMessage.bindingSuccess(message.transactionId(), from, session.localPwd());
        return new Check(session, response, message.useCandidate());
    }
}
