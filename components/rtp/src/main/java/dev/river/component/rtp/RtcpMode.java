package dev.river.component.rtp;

/** Where RTCP travels relative to RTP. */
public enum RtcpMode {
    /** RTCP shares the RTP port (RFC 5761) and is told apart by packet type. */
    mux,
    /** RTCP uses the RTP port + 1 (RFC 3550 section 11). */
    separate,
    /** No RTCP is read or sent; RTCP-looking datagrams on the RTP port are still dropped and counted. */
    none
}
