package dev.river.worker;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * Starts the worker's Camel Main configuration with the inference pipeline route (direct:infer) and a real
 * ONNX Runtime session, and offers helpers to send requests the way the zeromq: worker consumer does.
 */
public abstract class WorkerTestSupport extends CamelMainTestSupport {

    /** The test photo: 512x512, one face at about x 170-290, y 60-200. */
    public static final Path ASTRONAUT = locate("testdata/astronaut.png");

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** A reply as the broker would see it. */
    public record Reply(String status, JsonNode metadata, byte[] body) {

        public JsonNode result() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public JsonNode detections() {
            return result().get("detections");
        }

        public String error() {
            return metadata.path("error").asText();
        }
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(WorkerConfiguration.class);
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.setProperty("camel.main.routes-include-pattern", routesIncludePattern());
        p.setProperty(WorkerSettings.NAME, "test-worker");
        p.setProperty(WorkerSettings.INTRA_OP_THREADS, "1");
        // no management server unless a test asks for one (then on port 0: tests run side by side)
        p.setProperty("river.worker.management-enabled", "false");
        workerProperties(p);
        return p;
    }

    /** The pipeline alone by default; the end-to-end test adds the zeromq: worker route. */
    protected String routesIncludePattern() {
        return "classpath:routes/inference.yaml";
    }

    /** Subclasses choose the model, decoder and thresholds here. */
    protected void workerProperties(Properties p) {
    }

    protected WorkerRuntime runtime() {
        return context.getRegistry().lookupByNameAndType("workerRuntime", WorkerRuntime.class);
    }

    /** Sends one request through the pipeline with the headers the zeromq: worker consumer sets. */
    protected Reply infer(String model, String metadata, byte[] payload) {
        Exchange ex = template.request("direct:infer", e -> {
            if (model != null) {
                e.getMessage().setHeader(WorkerHeaders.MODEL, model);
            }
            e.getMessage().setHeader(WorkerHeaders.DEADLINE, System.currentTimeMillis() + 60_000);
            if (metadata != null) {
                e.getMessage().setHeader(WorkerHeaders.METADATA, metadata);
            }
            e.getMessage().setBody(payload);
        });
        if (ex.getException() != null) {
            throw new AssertionError("the route failed instead of replying", ex.getException());
        }
        String meta = ex.getMessage().getHeader(WorkerHeaders.METADATA, String.class);
        try {
            return new Reply(ex.getMessage().getHeader(WorkerHeaders.STATUS, String.class), JSON.readTree(meta),
                    ex.getMessage().getBody(byte[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Reply inferImage(byte[] encoded) {
        return infer("blazeface", null, encoded);
    }

    public static BufferedImage astronaut() {
        try {
            return ImageIO.read(ASTRONAUT.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The image placed at (x, y) on a grey canvas of the given size. */
    public static BufferedImage onCanvas(BufferedImage image, int width, int height, int x, int y) {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.drawImage(image, x, y, null);
        g.dispose();
        return canvas;
    }

    /** An rgb24 request built independently of the worker: letterbox (black bars) to size x size. */
    public record Rgb24(byte[] payload, String metadata) {
    }

    public static Rgb24 rgb24(BufferedImage image, int size) {
        double scale = Math.min((double) size / image.getWidth(), (double) size / image.getHeight());
        int w = (int) Math.round(image.getWidth() * scale);
        int h = (int) Math.round(image.getHeight() * scale);
        int padX = (size - w) / 2;
        int padY = (size - h) / 2;
        BufferedImage box = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = box.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), padX, padY, null);
        g.dispose();
        byte[] rgb = new byte[size * size * 3];
        for (int y = 0, i = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = box.getRGB(x, y);
                rgb[i++] = (byte) (p >> 16);
                rgb[i++] = (byte) (p >> 8);
                rgb[i++] = (byte) p;
            }
        }
        String meta = String.format(java.util.Locale.ROOT, "{\"format\":\"rgb24\",\"width\":%d,\"height\":%d,"
                + "\"sourceWidth\":%d,\"sourceHeight\":%d,\"scale\":%s,\"padX\":%d,\"padY\":%d}", size, size,
                image.getWidth(), image.getHeight(), Double.toString(scale), padX, padY);
        return new Rgb24(rgb, meta);
    }

    private static Path locate(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    protected static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
