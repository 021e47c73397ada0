package dev.river.serve;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * river.serve.tls.keystore turns the HTTP port into HTTPS: a keystore made here by the JDK's keytool (EC P-256,
 * subject alternative name 127.0.0.1), a real HTTPS request that trusts only that certificate, and a plain HTTP
 * request to the same port that gets no answer.
 */
class TlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @Test
    void withAKeystoreTheHttpPortServesHttpsOnly() throws Exception {
        Path keystore = keystore();
        try (ServeInstance serve = ServeInstance.start("river.serve.tls.keystore", keystore.toString(),
                "river.serve.tls.password", new String(PASSWORD), "river.serve.tls.type", "PKCS12")) {
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + serve.httpPort + "/api/status")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"defaultModel\""), r.body());
            assertEquals(200, https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + serve.httpPort + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "the web app over HTTPS");
            HttpClient plain = HttpClient.newHttpClient();
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create(serve.http() + "/api/status"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()), "plain HTTP is refused");
        }
    }

    private static Path keystore() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "tls"));
        Path keystore = dir.resolve("river-" + System.nanoTime() + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "river", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), out);
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
