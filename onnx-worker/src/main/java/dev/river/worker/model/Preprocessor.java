package dev.river.worker.model;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.river.worker.WorkerRequestException;

/**
 * Turns a request payload into the model's input tensor, in place in a {@link Slot}: {@code rgb24}
 * payloads (already letterboxed to the model size) or encoded images (decoded with ImageIO and letterboxed
 * here, aspect ratio kept). Pixel values go through a 256-entry lookup table for the model's value range.
 */
public final class Preprocessor {

    /** Images above this many pixels are refused (decompression bombs). */
    static final long MAX_IMAGE_PIXELS = 64L * 1024 * 1024;

    private final float[] lut = new float[256];
    private final int padGrey;

    /**
     * @param min     the value of a 0 channel
     * @param max     the value of a 255 channel
     * @param padGrey the grey level (0..255) of the letterbox bars for encoded images
     */
    public Preprocessor(float min, float max, int padGrey) {
        for (int i = 0; i < 256; i++) {
            lut[i] = min + (max - min) * i / 255f;
        }
        this.padGrey = padGrey;
    }

    /** The pixel value mapped from channel value v (0..255). */
    public float valueOf(int v) {
        return lut[v];
    }

    /**
     * Fills the slot's input tensor from the payload.
     *
     * @return how the source frame maps onto the model input
     * @throws WorkerRequestException (BAD_REQUEST) for payloads that do not fit the metadata or the model
     */
    public Letterbox prepare(byte[] payload, JsonNode meta, OnnxModel model, Slot slot) {
        String format = meta.path("format").asText("image");
        return switch (format) {
            case "rgb24" -> prepareRgb(payload, meta, model, slot);
            case "image" -> prepareImage(payload, model, slot);
            default -> throw WorkerRequestException.badRequest("unknown payload format '" + format
                    + "' (expected rgb24 or image)");
        };
    }

    private Letterbox prepareRgb(byte[] payload, JsonNode meta, OnnxModel model, Slot slot) {
        int size = model.inputSize();
        int w = intField(meta, "width", -1);
        int h = intField(meta, "height", -1);
        if (w != size || h != size) {
            throw WorkerRequestException.badRequest("rgb24 width x height must be the model input size " + size + "x"
                    + size + ", got " + w + "x" + h);
        }
        long expected = (long) size * size * 3;
        if (payload.length != expected) {
            throw WorkerRequestException.badRequest("rgb24 payload of " + size + "x" + size + " must be " + expected
                    + " bytes, got " + payload.length);
        }
        int sw = intField(meta, "sourceWidth", size);
        int sh = intField(meta, "sourceHeight", size);
        double scale = doubleField(meta, "scale", (double) size / Math.max(sw, sh));
        double padX = doubleField(meta, "padX", 0);
        double padY = doubleField(meta, "padY", 0);
        if (sw <= 0 || sh <= 0 || !(scale > 0) || Double.isInfinite(scale) || !Double.isFinite(padX)
                || !Double.isFinite(padY)) {
            throw WorkerRequestException.badRequest("rgb24 letterbox metadata is invalid: sourceWidth=" + sw
                    + " sourceHeight=" + sh + " scale=" + scale + " padX=" + padX + " padY=" + padY);
        }
        fill(payload, false, model, slot);
        return new Letterbox(sw, sh, scale, padX, padY);
    }

    private Letterbox prepareImage(byte[] payload, OnnxModel model, Slot slot) {
        BufferedImage image = decode(payload);
        int size = model.inputSize();
        Letterbox lb = Letterbox.fit(image.getWidth(), image.getHeight(), size);
        BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(new Color(padGrey, padGrey, padGrey));
            g.fillRect(0, 0, size, size);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(halveDown(image, lb.scaledWidth(), lb.scaledHeight()), (int) lb.padX(), (int) lb.padY(),
                    lb.scaledWidth(), lb.scaledHeight(), null);
        } finally {
            g.dispose();
        }
        byte[] bgr = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        fill(bgr, true, model, slot);
        return lb;
    }

    /** Halves the image (bilinear) while it is more than twice the target size, so the last step does not alias. */
    private static BufferedImage halveDown(BufferedImage src, int targetW, int targetH) {
        BufferedImage img = src;
        while (img.getWidth() >= 2 * targetW && img.getHeight() >= 2 * targetH) {
            int w = img.getWidth() / 2;
            int h = img.getHeight() / 2;
            BufferedImage half = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = half.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, w, h, null);
            g.dispose();
            img = half;
        }
        return img;
    }

    private static BufferedImage decode(byte[] payload) {
        if (payload.length == 0) {
            throw WorkerRequestException.badRequest("empty payload: expected an image (PNG, JPEG, BMP or GIF)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(payload))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw WorkerRequestException.badRequest("payload is not a decodable image (PNG, JPEG, BMP or GIF; "
                        + payload.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_IMAGE_PIXELS) {
                    throw WorkerRequestException.badRequest("image of " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " pixels is empty or too large (max " + MAX_IMAGE_PIXELS + ")");
                }
                BufferedImage img = reader.read(0);
                if (img == null) {
                    throw WorkerRequestException.badRequest("payload is not a decodable image");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof WorkerRequestException wre) {
                throw wre;
            }
            throw WorkerRequestException.badRequest("payload is not a decodable image: " + e.getMessage());
        }
    }

    /**
     * Writes size*size 3-byte pixels (RGB, or BGR when bgr) straight into the slot's direct input buffer in the
     * model's layout (no staging copy: the fewer bytes a frame touches, the more of the model stays in cache).
     */
    void fill(byte[] px, boolean bgr, OnnxModel model, Slot slot) {
        FloatBuffer in = slot.input();
        int plane = model.inputSize() * model.inputSize();
        int r = bgr ? 2 : 0;
        int b = bgr ? 0 : 2;
        float[] t = lut;
        if (model.layout() == InputLayout.NHWC && !bgr) {
            // the common case (rgb24 payloads): byte i becomes float i, a flat loop that C2 unrolls
            int n = 3 * plane;
            for (int i = 0; i < n; i++) {
                in.put(i, t[px[i] & 0xff]);
            }
        } else if (model.layout() == InputLayout.NHWC) {
            for (int p = 0, i = 0; p < plane; p++, i += 3) {
                in.put(i, t[px[i + r] & 0xff]);
                in.put(i + 1, t[px[i + 1] & 0xff]);
                in.put(i + 2, t[px[i + b] & 0xff]);
            }
        } else {
            for (int p = 0, i = 0; p < plane; p++, i += 3) {
                in.put(p, t[px[i + r] & 0xff]);
                in.put(plane + p, t[px[i + 1] & 0xff]);
                in.put(2 * plane + p, t[px[i + b] & 0xff]);
            }
        }
    }

    private static int intField(JsonNode meta, String field, int def) {
        JsonNode n = meta.get(field);
        if (n == null || n.isNull()) {
            return def;
        }
        if (!n.canConvertToInt() || !n.isNumber() || n.asDouble() != n.asInt()) {
            throw WorkerRequestException.badRequest("metadata field '" + field + "' must be an integer, got " + n);
        }
        return n.asInt();
    }

    private static double doubleField(JsonNode meta, String field, double def) {
        JsonNode n = meta.get(field);
        if (n == null || n.isNull()) {
            return def;
        }
        if (!n.isNumber()) {
            throw WorkerRequestException.badRequest("metadata field '" + field + "' must be a number, got " + n);
        }
        return n.asDouble();
    }
}
