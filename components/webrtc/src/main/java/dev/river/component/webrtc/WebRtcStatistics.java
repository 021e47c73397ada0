package dev.river.component.webrtc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one webrtc: server: what came in, what went out, and every kind of input that was dropped, so that bad
 * input is visible instead of silent (DESIGN: every packet's fate is counted).
 */
public final class WebRtcStatistics {

    /** The counters, by name. */
    public enum Counter {
        SESSIONS_STARTED, SESSIONS_CONNECTED, SESSIONS_ENDED, SESSIONS_REJECTED, CONSENT_EXPIRED, HANDSHAKE_FAILED,
        SDP_MALFORMED,
        STUN_MALFORMED, STUN_UNAUTHORIZED, STUN_UNEXPECTED, PEER_NOT_ALLOWED,
        DTLS_DROPPED,
        RTP_RECEIVED, RTP_BYTES_RECEIVED, RTP_MALFORMED, RTP_UNEXPECTED_PAYLOAD_TYPE, SRTP_AUTH_FAILED, RTP_BEFORE_KEYS,
        RTCP_RECEIVED, RTCP_MALFORMED,
        UNKNOWN_SOURCE, GARBAGE, RATE_LIMITED,
        RTP_SENT, RTP_BYTES_SENT, RTP_SEND_NO_SESSION, RTP_SEND_FAILED,
        NACK_SENT, NACKED_PACKETS, RECOVERED_PACKETS, NACK_RECEIVED, RETRANSMITTED, RETRANSMISSION_MISSED,
        PLI_SENT, PLI_RECEIVED, REMB_SENT, RR_SENT, SR_SENT
    }

    private final LongAdder[] counters = new LongAdder[Counter.values().length];

    public WebRtcStatistics() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    public void increment(Counter counter) {
        counters[counter.ordinal()].increment();
    }

    public void add(Counter counter, long n) {
        counters[counter.ordinal()].add(n);
    }

    public long get(Counter counter) {
        return counters[counter.ordinal()].sum();
    }

    /** All counters, in declaration order, with lower-camel-case names (e.g. stunMalformed). */
    public Map<String, Long> snapshot() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            map.put(camel(c.name()), get(c));
        }
        return map;
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char ch : name.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
