package dev.river.component.webrtc.dtls;

import java.util.Arrays;

/**
 * The SRTP master keys and salts exported from a DTLS handshake (RFC 5764 section 4.2): client key, server key,
 * client salt, server salt. River is always the DTLS server, so it decrypts with the client's and encrypts with its own.
 */
public record SrtpKeys(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {

    public static SrtpKeys split(SrtpProfile profile, byte[] material) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        return new SrtpKeys(profile,
                Arrays.copyOfRange(material, 0, k),
                Arrays.copyOfRange(material, 2 * k, 2 * k + s),
                Arrays.copyOfRange(material, k, 2 * k),
                Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
    }
}
