package dev.river.component.webrtc.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The facts river needs from a WHIP/WHEP offer (RFC 8866 + JSEP): ICE credentials, the DTLS fingerprint and setup
 * role, and for each media section its mid, direction and H264 payload types. Anything malformed is an
 * {@link SdpException} (HTTP 400), never a partially understood session.
 */
public final class SdpOffer {

    /** One m= section of the offer. */
    public static final class MediaSection {
        final int index;
        final String kind;
        final String protocol;
        final List<Integer> formats = new ArrayList<>();
        String mid;
        String direction = "sendrecv";
        boolean rtcpMux;
        String iceUfrag;
        String icePwd;
        String fingerprint;
        String setup;
        final Map<Integer, String> rtpmap = new LinkedHashMap<>();
        final Map<Integer, String> fmtp = new LinkedHashMap<>();
        final List<Long> ssrcs = new ArrayList<>();

        MediaSection(int index, String kind, String protocol) {
            this.index = index;
            this.kind = kind;
            this.protocol = protocol;
        }

        public int index() {
            return index;
        }

        public String kind() {
            return kind;
        }

        public String mid() {
            return mid;
        }

        public String direction() {
            return direction;
        }

        public List<Integer> formats() {
            return formats;
        }

        public List<Long> ssrcs() {
            return ssrcs;
        }
    }

    private final List<MediaSection> sections = new ArrayList<>();
    private String iceUfrag;
    private String icePwd;
    private String fingerprintAlgorithm;
    private String fingerprint;
    private String setup;

    private SdpOffer() {
    }

    /** Parses an offer; throws {@link SdpException} with a reason a client can act on. */
    public static SdpOffer parse(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException("empty SDP");
        }
        if (sdp.length() > 64 * 1024) {
            throw new SdpException("SDP larger than 64 KiB");
        }
        SdpOffer offer = new SdpOffer();
        String sessionFingerprint = null;
        String sessionSetup = null;
        MediaSection current = null;
        boolean sawVersion = false;
        for (String rawLine : sdp.split("\r?\n")) {
            String line = rawLine.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("not an SDP line: " + abbreviate(line));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'v') {
                if (!"0".equals(value)) {
                    throw new SdpException("unsupported SDP version " + abbreviate(value));
                }
                sawVersion = true;
            } else if (type == 'm') {
                String[] parts = value.split(" ");
                if (parts.length < 4) {
                    throw new SdpException("malformed m= line: " + abbreviate(line));
                }
                current = new MediaSection(offer.sections.size(), parts[0], parts[2]);
                for (int i = 3; i < parts.length; i++) {
                    if (!"webrtc-datachannel".equals(parts[i])) {
                        current.formats.add(parseInt(parts[i], line));
                    }
                }
                offer.sections.add(current);
            } else if (type == 'a') {
                int colon = value.indexOf(':');
                String name = colon < 0 ? value : value.substring(0, colon);
                String arg = colon < 0 ? "" : value.substring(colon + 1);
                switch (name) {
                    case "ice-ufrag" -> {
                        if (current == null) {
                            offer.iceUfrag = arg;
                        } else {
                            current.iceUfrag = arg;
                        }
                    }
                    case "ice-pwd" -> {
                        if (current == null) {
                            offer.icePwd = arg;
                        } else {
                            current.icePwd = arg;
                        }
                    }
                    case "fingerprint" -> {
                        if (current == null) {
                            sessionFingerprint = arg;
                        } else {
                            current.fingerprint = arg;
                        }
                    }
                    case "setup" -> {
                        if (current == null) {
                            sessionSetup = arg;
                        } else {
                            current.setup = arg;
                        }
                    }
                    case "mid" -> {
                        if (current != null) {
                            current.mid = arg;
                        }
                    }
                    case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                        if (current != null) {
                            current.direction = name;
                        }
                    }
                    case "rtcp-mux" -> {
                        if (current != null) {
                            current.rtcpMux = true;
                        }
                    }
                    case "rtpmap" -> {
                        if (current != null) {
                            String[] p = arg.split(" ", 2);
                            if (p.length != 2) {
                                throw new SdpException("malformed rtpmap: " + abbreviate(line));
                            }
                            current.rtpmap.put(parseInt(p[0], line), p[1]);
                        }
                    }
                    case "fmtp" -> {
                        if (current != null) {
                            String[] p = arg.split(" ", 2);
                            if (p.length == 2) {
                                current.fmtp.put(parseInt(p[0], line), p[1]);
                            }
                        }
                    }
                    case "ssrc" -> {
                        if (current != null) {
                            String id = arg.split(" ", 2)[0];
                            long ssrc = parseLong(id, line);
                            if (!current.ssrcs.contains(ssrc)) {
                                current.ssrcs.add(ssrc);
                            }
                        }
                    }
                    default -> {
                        // other attributes do not change what river answers
                    }
                }
            }
        }
        if (!sawVersion) {
            throw new SdpException("SDP without v=0");
        }
        if (offer.sections.isEmpty()) {
            throw new SdpException("SDP without media sections");
        }
        MediaSection first = offer.sections.get(0);
        offer.iceUfrag = first.iceUfrag != null ? first.iceUfrag : offer.iceUfrag;
        offer.icePwd = first.icePwd != null ? first.icePwd : offer.icePwd;
        String fp = first.fingerprint != null ? first.fingerprint : sessionFingerprint;
        offer.setup = first.setup != null ? first.setup : sessionSetup;
        if (offer.iceUfrag == null || offer.icePwd == null) {
            throw new SdpException("offer without a=ice-ufrag / a=ice-pwd");
        }
        if (offer.iceUfrag.length() < 4 || offer.iceUfrag.length() > 256 || offer.icePwd.length() < 22
            || offer.icePwd.length() > 256) {
            throw new SdpException("ICE ufrag/pwd of invalid length");
        }
        if (fp == null) {
            throw new SdpException("offer without a=fingerprint");
        }
        String[] fpParts = fp.trim().split(" ");
        if (fpParts.length != 2) {
            throw new SdpException("malformed a=fingerprint");
        }
        offer.fingerprintAlgorithm = fpParts[0].toLowerCase(Locale.ROOT);
        offer.fingerprint = fpParts[1].toUpperCase(Locale.ROOT);
        if (!"sha-256".equals(offer.fingerprintAlgorithm)) {
            throw new SdpException("only sha-256 fingerprints are supported, got " + abbreviate(fpParts[0]));
        }
        if (!offer.fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")) {
            throw new SdpException("malformed sha-256 fingerprint");
        }
        if (offer.setup != null && !"actpass".equals(offer.setup) && !"active".equals(offer.setup)) {
            throw new SdpException("a=setup:" + abbreviate(offer.setup) + " is not supported; river is the DTLS server");
        }
        return offer;
    }

    /**
     * The H264 payload type to use in this section: packetization-mode=1 with profile-level-id 42e01f preferred,
     * otherwise any constrained-baseline (42e0xx / 42c0xx / 4200xx) mode-1 format, else -1.
     */
    public static int chooseH264(MediaSection section) {
        int fallback = -1;
        for (int pt : section.formats) {
            String map = section.rtpmap.get(pt);
            if (map == null || !map.toUpperCase(Locale.ROOT).startsWith("H264/90000")) {
                continue;
            }
            String fmtp = section.fmtp.getOrDefault(pt, "").toLowerCase(Locale.ROOT);
            if (!fmtp.contains("packetization-mode=1")) {
                continue;
            }
            if (fmtp.contains("profile-level-id=42e01f")) {
                return pt;
            }
            if (fallback < 0 && (fmtp.contains("profile-level-id=42e0") || fmtp.contains("profile-level-id=42c0")
                                 || fmtp.contains("profile-level-id=4200"))) {
                fallback = pt;
            }
        }
        return fallback;
    }

    public List<MediaSection> sections() {
        return sections;
    }

    public String iceUfrag() {
        return iceUfrag;
    }

    public String icePwd() {
        return icePwd;
    }

    /** The sha-256 fingerprint, upper-case hex pairs joined by colons. */
    public String fingerprint() {
        return fingerprint;
    }

    private static int parseInt(String s, String line) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v < 0 || v > 127) {
                throw new SdpException("payload type out of range: " + abbreviate(line));
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SdpException("not a number in: " + abbreviate(line));
        }
    }

    private static long parseLong(String s, String line) {
        try {
            long v = Long.parseLong(s.trim());
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new SdpException("SSRC out of range: " + abbreviate(line));
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SdpException("not a number in: " + abbreviate(line));
        }
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
