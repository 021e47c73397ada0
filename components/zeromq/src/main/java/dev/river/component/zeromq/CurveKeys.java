package dev.river.component.zeromq;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.crypto.KeyAgreement;

import org.zeromq.ZMQ;

/**
 * CURVE keys as operators handle them: a 40-character Z85 string, or a key file. Key files are the ZeroMQ
 * certificate format (czmq {@code zcert}), so files made by other ZeroMQ tools work too: a public file has a
 * {@code public-key = "..."} line, a secret file also a {@code secret-key = "..."} line; a file holding just a
 * bare Z85 key per line is accepted as well. {@code ./river keys NAME} writes such a pair.
 */
public final class CurveKeys {

    private static final Pattern Z85 = Pattern.compile("[0-9a-zA-Z.\\-:+=^!/*?&<>()\\[\\]{}@%$#]{40}");
    private static final String[] URI_UNSAFE = {")&", "{{", "}}"};
    private static final Pattern NAMED = Pattern.compile("^\\s*(public|secret)-key\\s*=\\s*\"([^\"]*)\"\\s*$");

    private CurveKeys() {
    }

    /** Whether {@code value} is a 40-character Z85 key that decodes to 32 bytes. */
    public static boolean isZ85(String value) {
        if (value == null || !Z85.matcher(value).matches()) {
            return false;
        }
        byte[] b = ZMQ.Curve.z85Decode(value);
        return b != null && b.length == ZMQ.Curve.KEY_SIZE;
    }

    /**
     * Why a key given as Z85 text cannot reach an endpoint through a property placeholder and the endpoint's URI, or
     * null when it can: its text holds "{{" or "}}" (read as a nested placeholder) or ")&amp;" (ends the
     * {@code RAW(...)} value that YAML route parameters are wrapped in). One or two key texts in a hundred do; a key
     * file carries any key, so the answer is null for anything that is not Z85 text.
     */
    public static String uriUnsafeProblem(String value) {
        if (value == null || !isZ85(value.trim())) {
            return null;
        }
        for (String bad : URI_UNSAFE) {
            if (value.contains(bad)) {
                return "this Z85 key text holds '" + bad + "', which a Camel endpoint URI cannot carry intact; give the"
                        + " key as its file (./river keys writes NAME.key and NAME.pub)";
            }
        }
        return null;
    }

    /**
     * The Z85 key given directly or read from the key file at {@code value}: the {@code secret-key} of the file when
     * {@code secret}, else its {@code public-key} (or its only bare key).
     *
     * @param setting named in the error message, e.g. {@code river.worker.curve.secret-key}
     * @throws IllegalArgumentException naming the setting when there is no such key
     */
    public static String resolve(String setting, String value, boolean secret) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " is empty: give a 40-character Z85 key or a key file");
        }
        String v = value.strip();
        // an existing file first: a 40-character path such as /tmp/junit12345678901234567/broker.pub is valid Z85 too
        Path file = existingFile(v);
        if (file == null) {
            if (isZ85(v)) {
                return v;
            }
            throw new IllegalArgumentException(setting + ": '" + abbreviate(v)
                    + "' is neither a 40-character Z85 key nor a readable key file");
        }
        List<String> lines = read(setting, file);
        String wanted = secret ? "secret" : "public";
        List<String> bare = new ArrayList<>();
        for (String line : lines) {
            Matcher m = NAMED.matcher(line);
            if (m.matches()) {
                if (m.group(1).equals(wanted)) {
                    if (!isZ85(m.group(2))) {
                        throw new IllegalArgumentException(setting + ": the " + wanted + "-key in " + file
                                + " is not a 40-character Z85 key");
                    }
                    return m.group(2);
                }
            } else if (isZ85(line.strip())) {
                bare.add(line.strip());
            }
        }
        if (bare.size() == 1) {
            return bare.get(0);
        }
        throw new IllegalArgumentException(setting + ": no " + wanted + "-key in " + file
                + (secret ? " (a .key file from ./river keys holds it; .pub files hold only the public key)" : ""));
    }

    private static Path existingFile(String value) {
        try {
            Path p = Path.of(value);
            return Files.isRegularFile(p) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** The public key of a Z85 secret key (X25519 of the secret and the base point). */
    public static String publicKeyOf(String secretZ85) {
        byte[] secret = ZMQ.Curve.z85Decode(secretZ85);
        try {
            KeyFactory kf = KeyFactory.getInstance("XDH");
            PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, secret));
            PublicKey base = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(priv);
            ka.doPhase(base, true);
            return ZMQ.Curve.z85Encode(ka.generateSecret());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JVM", e);
        }
    }

    /**
     * The public keys of an allowlist: a key file, or a directory whose {@code *.pub} files (and files without an
     * extension) are read; each file may hold several keys, as {@code public-key = "..."} lines or bare Z85 lines.
     * Lines starting with {@code #} are comments.
     *
     * @throws IllegalArgumentException naming the setting when the location is unreadable or holds no key
     */
    public static Set<String> readAllowlist(String setting, Path location) {
        Set<String> keys = new LinkedHashSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.list(location)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (Files.isRegularFile(f) && (name.endsWith(".pub") || !name.contains("."))) {
                        addKeys(setting, f, keys);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(setting + ": cannot list " + location + ": " + e.getMessage());
            }
        } else if (Files.isRegularFile(location)) {
            addKeys(setting, location, keys);
        } else {
            throw new IllegalArgumentException(setting + ": " + location + " is neither a key file nor a directory");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(setting + ": no public key in " + location
                    + " (expected *.pub files from ./river keys or Z85 lines)");
        }
        return keys;
    }

    private static void addKeys(String setting, Path file, Set<String> keys) {
        for (String line : read(setting, file)) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            Matcher m = NAMED.matcher(line);
            if (m.matches() && m.group(1).equals("public") && isZ85(m.group(2))) {
                keys.add(m.group(2));
            } else if (isZ85(s)) {
                keys.add(s);
            }
        }
    }

    /**
     * Writes a new key pair as {@code NAME.key} (secret and public key, owner-only permissions where the file system
     * allows) and {@code NAME.pub} (public key) in {@code dir}; refuses to overwrite. Returns the public key.
     */
    public static String writeKeyPair(Path dir, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("key name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        Path secretFile = dir.resolve(name + ".key");
        Path publicFile = dir.resolve(name + ".pub");
        for (Path p : new Path[] {secretFile, publicFile}) {
            if (Files.exists(p)) {
                throw new IllegalArgumentException(p + " exists; remove it first or choose another name");
            }
        }
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        String header = "#   ZeroMQ CURVE certificate of '" + name + "', written by ./river keys\n";
        String pub = header
                + "#   public: give it to the peers that must trust '" + name + "' (e.g. river.proxy.curve.authorized-workers)\n"
                + "metadata\n    name = \"" + name + "\"\ncurve\n    public-key = \"" + pair.publicKey + "\"\n";
        String sec = header
                + "#   SECRET: keep it on the host of '" + name + "' only\n"
                + "metadata\n    name = \"" + name + "\"\ncurve\n    public-key = \"" + pair.publicKey + "\"\n"
                + "    secret-key = \"" + pair.secretKey + "\"\n";
        Files.createDirectories(dir);
        Files.createFile(secretFile);
        try {
            Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        Files.writeString(secretFile, sec, StandardCharsets.UTF_8);
        Files.writeString(publicFile, pub, StandardCharsets.UTF_8);
        return pair.publicKey;
    }

    private static List<String> read(String setting, Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String abbreviate(String v) {
        return v.length() > 60 ? v.substring(0, 60) + "..." : v;
    }
}
