package dev.river.component.webrtc.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The endpoint's DTLS identity: an ECDSA P-256 key and a self-signed certificate whose SHA-256 fingerprint goes into
 * every SDP answer. WebRTC authenticates by fingerprint, not by CA, so one certificate per endpoint start is enough.
 */
public final class DtlsCertificate {

    private final byte[] encoded;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprint;

    private DtlsCertificate(byte[] encoded, AsymmetricKeyParameter privateKey) {
        this.encoded = encoded;
        this.privateKey = privateKey;
        this.fingerprint = fingerprint(encoded);
    }

    /** Generates a fresh key pair and a certificate valid from yesterday for 30 days. */
    public static DtlsCertificate generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            long now = System.currentTimeMillis();
            X500Name name = new X500Name("CN=" + commonName);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(63, new SecureRandom()), new Date(now - 86_400_000L), new Date(now + 30 * 86_400_000L),
                    name, pair.getPublic());
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new DtlsCertificate(holder.getEncoded(), PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("Cannot create the DTLS certificate", e);
        }
    }

    /** The SHA-256 fingerprint of DER bytes as SDP writes it: upper-case hex pairs joined by colons. */
    public static String fingerprint(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            String hex = HexFormat.ofDelimiter(":").formatHex(digest);
            return hex.toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    public AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    public String fingerprint() {
        return fingerprint;
    }
}
