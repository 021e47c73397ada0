package dev.river.component.webrtc.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The part of STUN (RFC 8489) an ICE-lite agent needs: parse a binding request, check its MESSAGE-INTEGRITY
 * (short-term credentials) and FINGERPRINT, and build the signed binding success response.
 */
public final class StunMessage {

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int MAGIC_COOKIE = 0x2112A442;

    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    static final int ATTR_PRIORITY = 0x0024;
    static final int ATTR_USE_CANDIDATE = 0x0025;
    static final int ATTR_FINGERPRINT = 0x8028;
    static final int ATTR_ICE_CONTROLLED = 0x8029;
    static final int ATTR_ICE_CONTROLLING = 0x802A;
    private static final int FINGERPRINT_XOR = 0x5354554e;

    private final int type;
    private final byte[] transactionId;
    private final String username;
    private final boolean useCandidate;
    private final boolean controlling;
    private final int integrityOffset;
    private final byte[] raw;

    private StunMessage(int type, byte[] transactionId, String username, boolean useCandidate, boolean controlling,
                        int integrityOffset, byte[] raw) {
        this.type = type;
        this.transactionId = transactionId;
        this.username = username;
        this.useCandidate = useCandidate;
        this.controlling = controlling;
        this.integrityOffset = integrityOffset;
        this.raw = raw;
    }

    /** Whether the first byte and the magic cookie say STUN (RFC 7983 demultiplexing plus the cookie). */
    public static boolean looksLikeStun(byte[] b, int len) {
        return len >= 20 && (b[0] & 0xC0) == 0 && RtpPackets.readUint32(b, 4) == (MAGIC_COOKIE & 0xFFFFFFFFL);
    }

    /**
     * Parses a STUN message; throws {@link IllegalArgumentException} when it is malformed or its FINGERPRINT (required
     * by ICE) is missing or wrong.
     */
    public static StunMessage parse(byte[] b, int len) {
        if (!looksLikeStun(b, len)) {
            throw new IllegalArgumentException("not a STUN message");
        }
        int type = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int bodyLength = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        if ((bodyLength & 3) != 0 || 20 + bodyLength != len) {
            throw new IllegalArgumentException("STUN length " + bodyLength + " does not match datagram " + len);
        }
        byte[] transactionId = new byte[12];
        System.arraycopy(b, 8, transactionId, 0, 12);
        String username = null;
        boolean useCandidate = false;
        boolean controlling = false;
        int integrityOffset = -1;
        boolean fingerprintOk = false;
        int p = 20;
        while (p + 4 <= len) {
            int attr = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            int attrLen = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            int value = p + 4;
            if (value + attrLen > len) {
                throw new IllegalArgumentException("STUN attribute 0x" + Integer.toHexString(attr) + " overruns");
            }
            if (fingerprintOk) {
                throw new IllegalArgumentException("STUN attribute after FINGERPRINT");
            }
            switch (attr) {
                case ATTR_USERNAME -> username = new String(b, value, attrLen, StandardCharsets.UTF_8);
                case ATTR_USE_CANDIDATE -> useCandidate = true;
                case ATTR_ICE_CONTROLLING -> controlling = true;
                case ATTR_MESSAGE_INTEGRITY -> {
                    if (attrLen != 20) {
                        throw new IllegalArgumentException("MESSAGE-INTEGRITY length " + attrLen);
                    }
                    integrityOffset = p;
                }
                case ATTR_FINGERPRINT -> {
                    if (attrLen != 4 || value + 4 != len) {
                        throw new IllegalArgumentException("FINGERPRINT not last or wrong length");
                    }
                    long expected = fingerprint(b, p);
                    if (RtpPackets.readUint32(b, value) != expected) {
                        throw new IllegalArgumentException("FINGERPRINT mismatch");
                    }
                    fingerprintOk = true;
                }
                default -> {
                    // comprehension-optional and unknown attributes are ignored
                }
            }
            p = value + ((attrLen + 3) & ~3);
        }
        if (!fingerprintOk) {
            throw new IllegalArgumentException("STUN message without FINGERPRINT");
        }
        byte[] raw = new byte[len];
        System.arraycopy(b, 0, raw, 0, len);
        return new StunMessage(type, transactionId, username, useCandidate, controlling, integrityOffset, raw);
    }

    /** Checks MESSAGE-INTEGRITY with the short-term key (the ICE password). */
    public boolean checkIntegrity(String password) {
        if (integrityOffset < 0) {
            return false;
        }
        byte[] copy = raw.clone();
        int adjusted = integrityOffset + 24 - 20;
        copy[2] = (byte) (adjusted >>> 8);
        copy[3] = (byte) adjusted;
        byte[] mac = hmacSha1(password, copy, integrityOffset);
        return MessageDigest.isEqual(mac, java.util.Arrays.copyOfRange(raw, integrityOffset + 4, integrityOffset + 24));
    }

    public int type() {
        return type;
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    /** USERNAME: for ICE, {@code receiverUfrag:senderUfrag}. */
    public String username() {
        return username;
    }

    public boolean useCandidate() {
        return useCandidate;
    }

    public boolean controlling() {
        return controlling;
    }

    /** A binding success response with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT. */
    public static byte[] bindingSuccess(byte[] transactionId, InetSocketAddress mapped, String password) {
        return build(BINDING_SUCCESS, transactionId, null, false, mapped, password);
    }

    /** A binding request (used by the in-process test and benchmark peer, which plays the controlling agent). */
    public static byte[] bindingRequest(byte[] transactionId, String username, boolean useCandidate, String password) {
        return build(BINDING_REQUEST, transactionId, username, useCandidate, null, password);
    }

    private static byte[] build(int type, byte[] transactionId, String username, boolean useCandidate,
                                InetSocketAddress mapped, String password) {
        byte[] b = new byte[512];
        b[0] = (byte) (type >>> 8);
        b[1] = (byte) type;
        RtpPackets.writeUint32(b, 4, MAGIC_COOKIE & 0xFFFFFFFFL);
        System.arraycopy(transactionId, 0, b, 8, 12);
        int p = 20;
        if (username != null) {
            byte[] u = username.getBytes(StandardCharsets.UTF_8);
            p = attribute(b, p, ATTR_USERNAME, u, u.length);
            p = attribute(b, p, ATTR_PRIORITY, new byte[] { 0x6e, 0x00, 0x1e, (byte) 0xff }, 4);
            byte[] tie = new byte[8];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(tie);
            p = attribute(b, p, ATTR_ICE_CONTROLLING, tie, 8);
            if (useCandidate) {
                p = attribute(b, p, ATTR_USE_CANDIDATE, new byte[0], 0);
            }
        }
        if (mapped != null) {
            InetAddress address = mapped.getAddress();
            byte[] ip = address.getAddress();
            byte[] v = new byte[4 + ip.length];
            v[1] = (byte) (address instanceof Inet4Address ? 0x01 : 0x02);
            int port = mapped.getPort() ^ (MAGIC_COOKIE >>> 16);
            v[2] = (byte) (port >>> 8);
            v[3] = (byte) port;
            byte[] mask = new byte[16];
            RtpPackets.writeUint32(mask, 0, MAGIC_COOKIE & 0xFFFFFFFFL);
            System.arraycopy(transactionId, 0, mask, 4, 12);
            for (int i = 0; i < ip.length; i++) {
                v[4 + i] = (byte) (ip[i] ^ mask[i]);
            }
            p = attribute(b, p, ATTR_XOR_MAPPED_ADDRESS, v, v.length);
        }
        setLength(b, p + 24 - 20);
        byte[] mac = hmacSha1(password, b, p);
        p = attribute(b, p, ATTR_MESSAGE_INTEGRITY, mac, 20);
        setLength(b, p + 8 - 20);
        long crc = fingerprint(b, p);
        byte[] f = new byte[4];
        RtpPackets.writeUint32(f, 0, crc);
        p = attribute(b, p, ATTR_FINGERPRINT, f, 4);
        return java.util.Arrays.copyOf(b, p);
    }

    private static int attribute(byte[] b, int p, int type, byte[] value, int len) {
        b[p] = (byte) (type >>> 8);
        b[p + 1] = (byte) type;
        b[p + 2] = (byte) (len >>> 8);
        b[p + 3] = (byte) len;
        System.arraycopy(value, 0, b, p + 4, len);
        return p + 4 + ((len + 3) & ~3);
    }

    private static void setLength(byte[] b, int length) {
        b[2] = (byte) (length >>> 8);
        b[3] = (byte) length;
    }

    /** CRC-32 of the message up to the FINGERPRINT attribute, XOR 0x5354554e, with the length field as sent. */
    private static long fingerprint(byte[] b, int upTo) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, upTo);
        return (crc.getValue() ^ FINGERPRINT_XOR) & 0xFFFFFFFFL;
    }

    private static byte[] hmacSha1(String key, byte[] data, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(data, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
