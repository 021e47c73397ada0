package dev.river.component.webrtc.sdp;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdpOfferTest {

    static final String FINGERPRINT =
            "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    /** Shaped like Chromium's: audio first, several H264 profiles, media-level ICE and DTLS attributes. */
    static final String CHROMIUM_OFFER = String.join("\r\n",
            "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1",
            "a=extmap-allow-mixed", "a=msid-semantic: WMS",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=ice-ufrag:Ab1x", "a=ice-pwd:0123456789abcdefghijklmn",
            "a=fingerprint:sha-256 " + FINGERPRINT, "a=setup:actpass", "a=mid:0", "a=sendrecv", "a=rtcp-mux",
            "a=rtpmap:111 opus/48000/2",
            "m=video 9 UDP/TLS/RTP/SAVPF 102 103 108 109", "c=IN IP4 0.0.0.0", "a=ice-ufrag:Ab1x",
            "a=ice-pwd:0123456789abcdefghijklmn", "a=ice-options:trickle",
            "a=fingerprint:sha-256 " + FINGERPRINT, "a=setup:actpass", "a=mid:1", "a=sendrecv", "a=rtcp-mux",
            "a=rtcp-rsize", "a=rtpmap:102 H264/90000", "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f",
            "a=rtpmap:103 rtx/90000", "a=fmtp:103 apt=102",
            "a=rtpmap:108 H264/90000", "a=rtcp-fb:108 nack", "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=rtpmap:109 rtx/90000", "a=fmtp:109 apt=108", "a=ssrc:1111 cname:x", "a=ssrc:1111 msid:- t", "") ;

    /** Shaped like Firefox's: session-level fingerprint, PT 126 mode 1 and 97 mode 0. */
    static final String FIREFOX_OFFER = String.join("\r\n",
            "v=0", "o=mozilla...THIS_IS_SDPARTA-99.0 1 0 IN IP4 0.0.0.0", "s=-", "t=0 0",
            "a=fingerprint:sha-256 " + FINGERPRINT, "a=group:BUNDLE 0", "a=ice-options:trickle", "a=msid-semantic:WMS *",
            "m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98", "c=IN IP4 0.0.0.0", "a=sendrecv",
            "a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1",
            "a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1", "a=ice-pwd:ffffffffffffffffffffffffffffffff",
            "a=ice-ufrag:abcdabcd", "a=mid:0", "a=rtcp-mux", "a=rtpmap:120 VP8/90000", "a=rtpmap:124 rtx/90000",
            "a=rtpmap:121 VP9/90000", "a=rtpmap:125 rtx/90000", "a=rtpmap:126 H264/90000", "a=rtpmap:127 rtx/90000",
            "a=rtpmap:97 H264/90000", "a=rtpmap:98 rtx/90000", "a=setup:actpass", "a=ssrc:2222 cname:{y}", "");

    @Test
    void chromiumsOfferYieldsItsPacketizationMode1Format() {
        SdpOffer offer = SdpOffer.parse(CHROMIUM_OFFER);
        assertEquals("Ab1x", offer.iceUfrag());
        assertEquals(FINGERPRINT, offer.fingerprint());
        SdpAnswerer.Negotiated n = SdpAnswerer.negotiate(offer, true, false);
        assertEquals(108, n.payloadType());
        assertEquals("1", n.section().mid());
        assertTrue(n.receives());
        assertTrue(n.sends());
    }

    @Test
    void firefoxsSessionLevelFingerprintIsUsed() {
        SdpOffer offer = SdpOffer.parse(FIREFOX_OFFER);
        assertEquals(FINGERPRINT, offer.fingerprint());
        assertEquals(126, SdpAnswerer.negotiate(offer, true, false).payloadType());
    }

    @Test
    void theAnswerIsIceLitePassiveBundledAndRejectsAudio() {
        SdpOffer offer = SdpOffer.parse(CHROMIUM_OFFER);
        SdpAnswerer.Negotiated n = SdpAnswerer.negotiate(offer, true, false);
        String answer = SdpAnswerer.answer(offer, n, new SdpAnswerer.LocalParameters("uf12", "pw34pw34pw34pw34pw34pw34",
                FINGERPRINT, List.of(new InetSocketAddress("127.0.0.1", 20000)), 42L, "c", "s", "t"), 1);
        assertTrue(answer.contains("a=ice-lite\r\n"));
        assertTrue(answer.contains("a=group:BUNDLE 1\r\n"));
        assertTrue(answer.contains("m=audio 0 UDP/TLS/RTP/SAVPF 111\r\n"));
        assertTrue(answer.contains("m=video 20000 UDP/TLS/RTP/SAVPF 108\r\n"));
        assertTrue(answer.contains("a=setup:passive\r\n"));
        assertTrue(answer.contains("a=sendrecv\r\n"));
        assertTrue(answer.contains("a=ssrc:42 cname:c\r\n"));
        assertTrue(answer.contains("a=candidate:1 1 udp 2130706431 127.0.0.1 20000 typ host\r\n"));
        assertTrue(answer.contains("a=rtcp-fb:108 goog-remb\r\n"));
        assertFalse(answer.contains("a=extmap"));
    }

    @Test
    void offersRiverCannotServeAreRejectedWithAReason() {
        assertThrows(SdpException.class, () -> SdpOffer.parse(""));
        assertThrows(SdpException.class, () -> SdpOffer.parse("garbage"));
        assertThrows(SdpException.class, () -> SdpOffer.parse(CHROMIUM_OFFER.replace("sha-256", "sha-1")));
        assertThrows(SdpException.class, () -> SdpOffer.parse(CHROMIUM_OFFER.replace("a=setup:actpass", "a=setup:passive")));
        assertThrows(SdpException.class, () -> SdpOffer.parse(CHROMIUM_OFFER.replace("a=rtpmap:102 H264", "a=rtpmap:999 H264")));
        SdpOffer noMode1 = SdpOffer.parse(CHROMIUM_OFFER.replace("packetization-mode=1", "packetization-mode=0"));
        assertThrows(SdpException.class, () -> SdpAnswerer.negotiate(noMode1, true, false));
        SdpOffer recvOnly = SdpOffer.parse(CHROMIUM_OFFER.replace("a=mid:1\r\na=sendrecv", "a=mid:1\r\na=recvonly"));
        assertThrows(SdpException.class, () -> SdpAnswerer.negotiate(recvOnly, true, false));
        assertEquals(108, SdpAnswerer.negotiate(recvOnly, false, true).payloadType());
    }
}
