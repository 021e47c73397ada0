package dev.river.component.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import java.util.function.Consumer;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The bctls server side of DTLS-SRTP (RFC 5763/5764): DTLS 1.2 only, ECDHE_ECDSA suites only, a certificate request
 * whose answer must match the fingerprint from the offer, use_srtp negotiation, and the SRTP keys handed over in
 * {@link #notifyHandshakeComplete()} because media arrives before {@code accept()} returns.
 */
public final class DtlsSrtpServer extends DefaultTlsServer {

    private static final int[] SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    };

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final String expectedFingerprint;
    private final boolean allowGcm;
    private final Consumer<SrtpKeys> onKeys;
    private volatile SrtpProfile profile;
    private volatile boolean peerClosed;

    public DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, String expectedFingerprint, boolean allowGcm,
                          Consumer<SrtpKeys> onKeys) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.expectedFingerprint = expectedFingerprint;
        this.allowGcm = allowGcm;
        this.onKeys = onKeys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        Certificate chain = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {
            crypto.createCertificate(certificate.encoded()) });
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(), chain,
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
        algorithms.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        algorithms.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
        algorithms.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        algorithms.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
        return new CertificateRequest(new short[] { ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign },
                algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.certificate_required, "the peer sent no certificate");
        }
        String actual = DtlsCertificate.fingerprint(clientCertificate.getCertificateAt(0).getEncoded());
        if (!actual.equals(expectedFingerprint)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate does not match the SDP fingerprint");
        }
    }

    @Override
    @SuppressWarnings({ "rawtypes", "unchecked" })
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        for (SrtpProfile candidate : SrtpProfile.values()) {
            if (candidate == SrtpProfile.AEAD_AES_128_GCM && !allowGcm) {
                continue;
            }
            for (int id : offered.getProtectionProfiles()) {
                if (id == candidate.id()) {
                    profile = candidate;
                    return;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    @Override
    @SuppressWarnings({ "rawtypes", "unchecked" })
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] { profile.id() }, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
        onKeys.accept(SrtpKeys.split(profile, material));
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return 15_000;
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify || alertLevel == org.bouncycastle.tls.AlertLevel.fatal) {
            peerClosed = true;
        }
    }

    @Override
    public void notifyConnectionClosed() {
        peerClosed = true;
    }

    /** Whether the peer ended the association (close_notify or a fatal alert). */
    public boolean isPeerClosed() {
        return peerClosed;
    }

    public SrtpProfile profile() {
        return profile;
    }
}
