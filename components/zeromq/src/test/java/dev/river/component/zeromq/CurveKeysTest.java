package dev.river.component.zeromq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CURVE keys as operators give them: Z85 strings, key files written by ./river keys, allowlist directories.
 */
class CurveKeysTest {

    @TempDir
    Path dir;

    @Test
    void publicKeyIsDerivedFromTheSecretKeyAsZeroMqDoes() {
        for (int i = 0; i < 5; i++) {
            ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
            assertEquals(pair.publicKey, CurveKeys.publicKeyOf(pair.secretKey));
        }
    }

    @Test
    void keyPairFilesGiveBackTheirKeys() throws Exception {
        String pub = CurveKeys.writeKeyPair(dir, "worker-1");
        Path secretFile = dir.resolve("worker-1.key");
        Path publicFile = dir.resolve("worker-1.pub");
        String secret = CurveKeys.resolve("s", secretFile.toString(), true);
        assertEquals(pub, CurveKeys.publicKeyOf(secret));
        assertEquals(pub, CurveKeys.resolve("p", publicFile.toString(), false));
        assertEquals(pub, CurveKeys.resolve("p", secretFile.toString(), false));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(secretFile)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CurveKeys.resolve("river.worker.curve.secret-key", publicFile.toString(), true));
        assertTrue(e.getMessage().startsWith("river.worker.curve.secret-key: no secret-key in"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CurveKeys.writeKeyPair(dir, "worker-1"));
    }

    @Test
    void z85StringsAreTakenAsTheyAre() {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        assertEquals(pair.secretKey, CurveKeys.resolve("s", pair.secretKey, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CurveKeys.resolve("curveServerKey", "not-a-key", false));
        assertTrue(e.getMessage().contains("curveServerKey"), e.getMessage());
    }

    @Test
    void allowlistDirectoryReadsPublicFilesAndNeverSecretOnes() throws Exception {
        String a = CurveKeys.writeKeyPair(dir, "a");
        String b = CurveKeys.writeKeyPair(dir, "b");
        String c = ZMQ.Curve.generateKeyPair().publicKey;
        Files.writeString(dir.resolve("more"), "# extra workers\n" + c + "\n");
        Set<String> keys = CurveKeys.readAllowlist("river.proxy.curve.authorized-workers", dir);
        assertEquals(Set.of(a, b, c), keys);
        assertEquals(Set.of(a), CurveKeys.readAllowlist("x", dir.resolve("a.pub")));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CurveKeys.readAllowlist("river.proxy.curve.authorized-workers", empty));
        assertTrue(e.getMessage().startsWith("river.proxy.curve.authorized-workers: no public key"), e.getMessage());
    }
    @Test
    void aKeyFileWhosePathIsAlsoValidZ85IsReadAsAFile() throws Exception {
        // 40 characters of letters, digits, '/', '.' and '-' are a valid Z85 string: such a path must still be a file
        Path sub = Files.createDirectories(Path.of("target", "curve-keys-z85-path-checks"));
        try {
            CurveKeys.writeKeyPair(sub, "ab");
            String pub = sub.resolve("ab.pub").toString();
            assertEquals(40, pub.length(), pub);
            assertTrue(CurveKeys.isZ85(pub), pub + " is valid Z85");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CurveKeys.resolve("river.proxy.curve.secret-key", pub, true));
            assertTrue(e.getMessage().contains("no secret-key"), e.getMessage());
            String secret = CurveKeys.resolve("s", sub.resolve("ab.key").toString(), true);
            assertEquals(CurveKeys.publicKeyOf(secret), CurveKeys.resolve("p", pub, false));
        } finally {
            Files.deleteIfExists(sub.resolve("ab.pub"));
            Files.deleteIfExists(sub.resolve("ab.key"));
            Files.deleteIfExists(sub);
        }
    }
}
