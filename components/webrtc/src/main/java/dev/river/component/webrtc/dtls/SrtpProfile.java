package dev.river.component.webrtc.dtls;

import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/** The SRTP protection profiles river negotiates in use_srtp (RFC 5764, RFC 7714), in order of preference. */
public enum SrtpProfile {

    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12),
    AES128_CM_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14);

    private final int id;
    private final int keyLength;
    private final int saltLength;

    SrtpProfile(int id, int keyLength, int saltLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    public int id() {
        return id;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** The bytes to export with the dtls_srtp label: two keys and two salts. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The jitsi-srtp policy for SRTP and SRTCP of this profile. */
    public SrtpPolicy policy() {
        SrtpPolicy policy = this == AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, saltLength)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10,
                        saltLength);
        // retransmissions (NACK answers) reuse an index on purpose; the browser's replay window is what matters
        policy.setSendReplayEnabled(false);
        return policy;
    }

    public static SrtpProfile byId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
