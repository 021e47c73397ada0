package dev.river.worker.bench;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.river.worker.WorkerConfiguration;
import dev.river.worker.WorkerHeaders;
import dev.river.worker.WorkerRuntime;
import dev.river.worker.WorkerSettings;
import dev.river.worker.model.EmbeddedModels;
import dev.river.worker.model.OnnxModel;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import dev.river.main.BenchMachine;

/**
 * Frames per second of the worker's own processing path (rgb24 payload -> workerRequest -> preprocess ->
 * ONNX Runtime -> decoder -> JSON reply, through the onnx-inference route) next to a bare
 * {@code OrtSession.run} loop on the same session and the same input, for the embedded BlazeFace models.
 * Both are timed in alternating rounds in the same run so that machine noise hits both alike.
 *
 * <pre>./river bench worker [--seconds=30] [--models=blazeface-front-128,blazeface-back-256] [--threads=1]</pre>
 */
public final class WorkerBenchmark {

    private static final int ROUNDS = 5;

    private WorkerBenchmark() {
    }

    /** One model's measurement. */
    record Row(String model, int size, long workerFrames, double workerSeconds, double workerCpuSeconds,
               long bareFrames, double bareSeconds, double bareCpuSeconds) {
        double workerFps() {
            return workerFrames / workerSeconds;
        }

        double bareFps() {
            return bareFrames / bareSeconds;
        }

        double workerCpuMs() {
            return 1000 * workerCpuSeconds / workerFrames;
        }

        double bareCpuMs() {
            return 1000 * bareCpuSeconds / bareFrames;
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = 30;
        int threads = 1;
        List<EmbeddedModels> models = new ArrayList<>(List.of(EmbeddedModels.FRONT_128, EmbeddedModels.BACK_256));
        for (String a : args) {
            if (a.startsWith("--seconds=")) {
                seconds = Double.parseDouble(a.substring("--seconds=".length()));
            } else if (a.startsWith("--threads=")) {
                threads = Integer.parseInt(a.substring("--threads=".length()));
            } else if (a.startsWith("--models=")) {
                models.clear();
                for (String m : a.substring("--models=".length()).split(",")) {
                    EmbeddedModels e = EmbeddedModels.byUri(EmbeddedModels.SCHEME + m.strip());
                    if (e == null) {
                        System.err.println("unknown model " + m + " (blazeface-front-128, blazeface-back-256)");
                        System.exit(2);
                    }
                    models.add(e);
                }
            } else {
                System.err.println("usage: WorkerBenchmark [--seconds=30] "
                        + "[--models=blazeface-front-128,blazeface-back-256] [--threads=1]");
                System.exit(a.equals("--help") || a.equals("-h") ? 0 : 2);
            }
        }
        BufferedImage image = testImage();
        double perModel = seconds / models.size();
        List<Row> rows = new ArrayList<>();
        for (EmbeddedModels m : models) {
            rows.add(measure(m, threads, image, perModel));
        }
        print(rows, args, threads, seconds);
    }

    private static Row measure(EmbeddedModels embedded, int threads, BufferedImage image, double seconds)
            throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(WorkerConfiguration.class);
        main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:routes/inference.yaml");
        main.addOverrideProperty("camel.main.jmx-enabled", "false");
        main.addOverrideProperty(WorkerSettings.NAME, "bench");
        main.addOverrideProperty(WorkerSettings.MODEL, embedded.uri());
        main.addOverrideProperty(WorkerSettings.INTRA_OP_THREADS, Integer.toString(threads));
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            WorkerRuntime runtime = context.getRegistry().lookupByNameAndType("workerRuntime", WorkerRuntime.class);
            OnnxModel model = runtime.defaultModel().model();
            int size = model.inputSize();
            byte[] rgb = rgb24(image, size);
            String metadata = String.format(Locale.ROOT, "{\"format\":\"rgb24\",\"width\":%d,\"height\":%d,"
                    + "\"sourceWidth\":%d,\"sourceHeight\":%d,\"scale\":%s,\"padX\":0,\"padY\":0}", size, size,
                    image.getWidth(), image.getHeight(), Double.toString((double) size / image.getWidth()));
            ProducerTemplate template = context.createProducerTemplate();
            // resolved once: the zeromq: consumer does not look its endpoint up per message either
            template.setDefaultEndpoint(context.getEndpoint("direct:infer"));
            OnnxTensor bareInput = bareInput(model.environment(), rgb, model.inputShape());
            Map<String, OnnxTensor> bareInputs = Map.of(model.inputName(), bareInput);
            OrtSession session = model.session();

            // check once that the worker path really works on this input, then warm both paths up
            Exchange first = infer(template, rgb, metadata);
            String status = first.getMessage().getHeader(WorkerHeaders.STATUS, String.class);
            if (!WorkerHeaders.STATUS_OK.equals(status)) {
                throw new IllegalStateException("worker replied " + status + ": "
                        + first.getMessage().getHeader(WorkerHeaders.METADATA));
            }
            // JIT warm-up of the worker path (Camel, preprocessing, decoder, JSON) takes a few thousand frames
            double warmUp = seconds * 0.2;
            runWorker(template, rgb, metadata, warmUp * 0.75);
            runBare(session, bareInputs, warmUp * 0.25);
            double slice = (seconds - warmUp) / (2 * ROUNDS);

            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            long wf = 0;
            long wn = 0;
            long wc = 0;
            long bf = 0;
            long bn = 0;
            long bc = 0;
            for (int r = 0; r < ROUNDS; r++) {
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                wf += runWorker(template, rgb, metadata, slice);
                long t1 = System.nanoTime();
                long c1 = cpu.getCurrentThreadCpuTime();
                bf += runBare(session, bareInputs, slice);
                long t2 = System.nanoTime();
                long c2 = cpu.getCurrentThreadCpuTime();
                wn += t1 - t0;
                bn += t2 - t1;
                wc += c1 - c0;
                bc += c2 - c1;
            }
            bareInput.close();
            return new Row(embedded.uri().substring(EmbeddedModels.SCHEME.length()), size, wf, wn / 1e9, wc / 1e9,
                    bf, bn / 1e9, bc / 1e9);
        } finally {
            main.stop();
        }
    }

    private static Exchange infer(ProducerTemplate template, byte[] rgb, String metadata) {
        return template.request(template.getDefaultEndpoint(), e -> {
            e.getMessage().setHeader(WorkerHeaders.MODEL, "blazeface");
            e.getMessage().setHeader(WorkerHeaders.METADATA, metadata);
            e.getMessage().setBody(rgb);
        });
    }

    private static long runWorker(ProducerTemplate template, byte[] rgb, String metadata, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long frames = 0;
        do {
            Exchange ex = infer(template, rgb, metadata);
            if (ex.getException() != null) {
                throw new IllegalStateException(ex.getException());
            }
            frames++;
        } while (System.nanoTime() < end);
        return frames;
    }

    private static long runBare(OrtSession session, Map<String, OnnxTensor> inputs, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long frames = 0;
        do {
            try (OrtSession.Result result = session.run(inputs)) {
                frames += result.size() > 0 ? 1 : 0;
            }
        } while (System.nanoTime() < end);
        return frames;
    }

    private static OnnxTensor bareInput(OrtEnvironment env, byte[] rgb, long[] shape) throws Exception {
        FloatBuffer fb = ByteBuffer.allocateDirect(rgb.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int i = 0; i < rgb.length; i++) {
            fb.put(i, (rgb[i] & 0xff) / 127.5f - 1f);
        }
        return OnnxTensor.createTensor(env, fb, shape);
    }

    /** testdata/astronaut.png (found from the working directory upwards), else a plain grey frame. */
    private static BufferedImage testImage() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("testdata/astronaut.png");
            if (Files.exists(p)) {
                return ImageIO.read(p.toFile());
            }
            dir = dir.getParent();
        }
        System.err.println("testdata/astronaut.png not found: using a grey 512x512 frame");
        return new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
    }

    private static byte[] rgb24(BufferedImage image, int size) {
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.drawImage(image.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        byte[] rgb = new byte[size * size * 3];
        for (int y = 0, i = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = scaled.getRGB(x, y);
                rgb[i++] = (byte) (p >> 16);
                rgb[i++] = (byte) (p >> 8);
                rgb[i++] = (byte) p;
            }
        }
        return rgb;
    }

    private static void print(List<Row> rows, String[] args, int threads, double seconds) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("## onnx-worker benchmark\n\n");
        sb.append("| model | input | worker fps | bare OrtSession.run fps | worker/bare | worker CPU ms/frame "
                + "| bare CPU ms/frame | worker/bare by CPU time |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %dx%d | %.1f | %.1f | %.1f%% | %.3f | %.3f | %.1f%% |%n",
                    r.model(), r.size(), r.size(), r.workerFps(), r.bareFps(), 100 * r.workerFps() / r.bareFps(),
                    r.workerCpuMs(), r.bareCpuMs(), 100 * r.bareCpuMs() / r.workerCpuMs()));
        }
        sb.append('\n');
        sb.append("- worker path: rgb24 payload -> direct:infer (request checks, preprocess into the slot's reused "
                + "input tensor, OrtSession.run, BlazeFace decode with weighted NMS, JSON reply); bare: "
                + "OrtSession.run on the same session and input, results closed (the worker runs into its slot's "
                + "pre-allocated output tensors, bare lets ONNX Runtime allocate them; same session and options)\n");
        sb.append(String.format(Locale.ROOT, "- per model: 20%% warm-up, then %d alternating rounds of worker and bare; %.0f s in total, "
                + "intra-op threads %d, one request at a time%n", ROUNDS, seconds, threads));
        sb.append("- fps is wall-clock; CPU ms/frame is the benchmark thread's CPU time (ONNX Runtime runs on it with "
                + "1 intra-op thread), which other load on a shared machine disturbs less\n");
        sb.append("- command: `./river bench worker").append(args.length == 0 ? "" : " " + String.join(" ", args))
                .append("`\n");
        sb.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(BenchMachine.cpuModel()).append(", Java ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append("), ONNX Runtime ")
                .append(OrtEnvironment.getEnvironment().getVersion()).append('\n');
        System.out.print(sb);
    }

}
