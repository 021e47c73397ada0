package dev.river.worker.model;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The models shipped inside the worker jar (src/main/resources/models, see its README.md). Each is
 * checked against its published sha256 whenever it is loaded.
 */
public enum EmbeddedModels {
    FRONT_128("blazeface-front-128", "models/face_detection_front_128x128_barracuda.onnx",
            "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"),
    BACK_256("blazeface-back-256", "models/face_detection_back_256x256_barracuda.onnx",
            "427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2");

    /** Prefix of embedded model URIs in {@code river.worker.model}. */
    public static final String SCHEME = "embedded:";

    private final String id;
    private final String resource;
    private final String sha256;

    EmbeddedModels(String id, String resource, String sha256) {
        this.id = id;
        this.resource = resource;
        this.sha256 = sha256;
    }

    /** The value for {@code river.worker.model}, e.g. {@code embedded:blazeface-back-256}. */
    public String uri() {
        return SCHEME + id;
    }

    public String resource() {
        return resource;
    }

    public String sha256() {
        return sha256;
    }

    /** Returns the embedded model for a URI, or null. */
    public static EmbeddedModels byUri(String uri) {
        for (EmbeddedModels m : values()) {
            if (m.uri().equals(uri)) {
                return m;
            }
        }
        return null;
    }

    /** Reads the model bytes from the classpath and verifies their sha256; throws IOException on mismatch. */
    public byte[] load() throws IOException {
        byte[] bytes;
        try (InputStream in = EmbeddedModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("embedded model " + resource + " is missing from the classpath");
            }
            bytes = in.readAllBytes();
        }
        String actual = sha256Hex(bytes);
        if (!actual.equals(sha256)) {
            throw new IOException("embedded model " + resource + " has sha256 " + actual + ", expected " + sha256);
        }
        return bytes;
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
