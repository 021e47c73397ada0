package dev.river.component.webrtc.sdp;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Writes the SDP answer of an ICE-lite, DTLS-passive, BUNDLE + rtcp-mux endpoint: the first video section with a
 * usable H264 format is accepted, every other section is rejected (port 0). These are the lines Chromium and Firefox
 * were seen to accept on this machine (DESIGN.md).
 */
public final class SdpAnswerer {

    /** What the answer says about river's side of the session. */
    public record LocalParameters(String iceUfrag, String icePwd, String fingerprint, List<InetSocketAddress> candidates,
                                  long sendSsrc, String cname, String streamId, String trackId) {
    }

    /** The accepted media section and what river does with it. */
    public record Negotiated(SdpOffer.MediaSection section, int payloadType, boolean receives, boolean sends) {
    }

    private SdpAnswerer() {
    }

    /**
     * Picks the media section river takes: the first video section with H264 packetization-mode=1 whose direction
     * allows what the caller needs ({@code wantReceive}: the peer sends, {@code wantSend}: the peer receives).
     */
    public static Negotiated negotiate(SdpOffer offer, boolean wantReceive, boolean wantSend) {
        for (SdpOffer.MediaSection section : offer.sections()) {
            if (!"video".equals(section.kind) || section.formats.isEmpty()) {
                continue;
            }
            if (!section.protocol.contains("SAVPF")) {
                throw new SdpException("video section with protocol " + section.protocol + ", expected UDP/TLS/RTP/SAVPF");
            }
            if (!section.rtcpMux) {
                throw new SdpException("video section without a=rtcp-mux; river multiplexes RTP and RTCP");
            }
            int pt = SdpOffer.chooseH264(section);
            if (pt < 0) {
                throw new SdpException("no H264 format with packetization-mode=1 and a constrained baseline profile");
            }
            boolean peerSends = "sendrecv".equals(section.direction) || "sendonly".equals(section.direction);
            boolean peerReceives = "sendrecv".equals(section.direction) || "recvonly".equals(section.direction);
            if (wantReceive && !peerSends) {
                throw new SdpException("the video section must be sendonly or sendrecv to publish (WHIP)");
            }
            if (wantSend && !peerReceives) {
                throw new SdpException("the video section must be recvonly or sendrecv to view (WHEP)");
            }
            return new Negotiated(section, pt, wantReceive && peerSends, peerReceives);
        }
        throw new SdpException("offer without a video section");
    }

    /** The answer text (CRLF line ends). */
    public static String answer(SdpOffer offer, Negotiated negotiated, LocalParameters local, long sessionVersion) {
        StringBuilder sdp = new StringBuilder(2048);
        String mid = negotiated.section().mid() != null ? negotiated.section().mid() : "0";
        InetSocketAddress first = local.candidates().get(0);
        String ipVersion = first.getAddress() instanceof java.net.Inet6Address ? "IP6" : "IP4";
        String host = first.getAddress().getHostAddress();
        line(sdp, "v=0");
        line(sdp, "o=river " + sessionVersion + " 2 IN " + ipVersion + " " + host);
        line(sdp, "s=-");
        line(sdp, "t=0 0");
        line(sdp, "a=group:BUNDLE " + mid);
        line(sdp, "a=ice-lite");
        line(sdp, "a=msid-semantic: WMS " + local.streamId());
        for (SdpOffer.MediaSection section : offer.sections()) {
            if (section == negotiated.section()) {
                video(sdp, negotiated, local, mid, ipVersion, host, first.getPort());
            } else {
                String format = section.formats.isEmpty() ? "webrtc-datachannel" : String.valueOf(section.formats.get(0));
                line(sdp, "m=" + section.kind + " 0 " + section.protocol + " " + format);
                line(sdp, "c=IN " + ipVersion + " " + host);
                if (section.mid != null) {
                    line(sdp, "a=mid:" + section.mid);
                }
                line(sdp, "a=inactive");
            }
        }
        return sdp.toString();
    }

    private static void video(StringBuilder sdp, Negotiated negotiated, LocalParameters local, String mid,
                              String ipVersion, String host, int port) {
        int pt = negotiated.payloadType();
        line(sdp, "m=video " + port + " UDP/TLS/RTP/SAVPF " + pt);
        line(sdp, "c=IN " + ipVersion + " " + host);
        line(sdp, "a=mid:" + mid);
        line(sdp, "a=ice-ufrag:" + local.iceUfrag());
        line(sdp, "a=ice-pwd:" + local.icePwd());
        line(sdp, "a=fingerprint:sha-256 " + local.fingerprint());
        line(sdp, "a=setup:passive");
        String direction = negotiated.receives() && negotiated.sends() ? "sendrecv"
                : negotiated.receives() ? "recvonly" : negotiated.sends() ? "sendonly" : "inactive";
        line(sdp, "a=" + direction);
        if (negotiated.sends()) {
            line(sdp, "a=msid:" + local.streamId() + " " + local.trackId());
        }
        line(sdp, "a=rtcp-mux");
        line(sdp, "a=rtpmap:" + pt + " H264/90000");
        line(sdp, "a=rtcp-fb:" + pt + " goog-remb");
        line(sdp, "a=rtcp-fb:" + pt + " nack");
        line(sdp, "a=rtcp-fb:" + pt + " nack pli");
        line(sdp, "a=rtcp-fb:" + pt + " ccm fir");
        line(sdp, "a=fmtp:" + pt + " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        if (negotiated.sends()) {
            line(sdp, "a=ssrc:" + local.sendSsrc() + " cname:" + local.cname());
            line(sdp, "a=ssrc:" + local.sendSsrc() + " msid:" + local.streamId() + " " + local.trackId());
        }
        int foundation = 1;
        for (InetSocketAddress candidate : local.candidates()) {
            line(sdp, "a=candidate:" + foundation + " 1 udp " + (2130706431 - foundation + 1) + " "
                      + candidate.getAddress().getHostAddress() + " " + candidate.getPort() + " typ host");
            foundation++;
        }
        line(sdp, "a=end-of-candidates");
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append("\r\n");
    }
}
