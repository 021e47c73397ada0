package dev.river.worker.decode;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.river.worker.WorkerConfigException;
import dev.river.worker.WorkerSettings;
import dev.river.worker.model.Letterbox;
import dev.river.worker.model.OnnxModel;

/**
 * MediaPipe BlazeFace (short-range front 128x128 and back 256x256 models). Anchors: a 16x16 grid with
 * 2 anchors per cell followed by an 8x8 grid with 6 per cell (896); the model outputs, per anchor, a raw
 * score and 16 regressors {@code dx, dy, w, h, kx0, ky0, ... kx5, ky5} in input pixels, either as one
 * [1,896,1]/[1,896,16] pair or split per grid ([1,512,1], [1,384,1], [1,512,16], [1,384,16]).
 * Box centre = anchor + offset / S, size = w / S, h / S (normalised), scores through a sigmoid, weighted NMS.
 */
public final class BlazeFaceDecoder implements ModelDecoder {

    static final int REGRESSORS = 16;
    static final int KEYPOINTS = 6;
    static final int MAX_DETECTIONS = 100;
    static final String LABEL = "face";

    /** One group of anchors and the output tensors carrying their scores and regressors. */
    private record Layer(String scoresName, String boxesName, float[] anchors) {
    }

    private final List<Layer> layers;
    private final int size;
    private final float scoreThreshold;
    private final float logitThreshold;
    private final float nmsThreshold;

    public BlazeFaceDecoder(OnnxModel model, float scoreThreshold, float nmsThreshold) {
        this.size = model.inputSize();
        this.scoreThreshold = scoreThreshold;
        this.logitThreshold = scoreThreshold <= 0f ? Float.NEGATIVE_INFINITY
                : scoreThreshold >= 1f ? Float.POSITIVE_INFINITY
                : (float) Math.log(scoreThreshold / (1.0 - scoreThreshold));
        this.nmsThreshold = nmsThreshold;
        this.layers = layersOf(model);
    }

    @Override
    public String id() {
        return "blazeface";
    }

    private static List<Layer> layersOf(OnnxModel model) {
        List<String> scores = new ArrayList<>();
        List<String> boxes = new ArrayList<>();
        for (Map.Entry<String, NodeInfo> e : model.outputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo ti && ti.getShape().length == 3) {
                long last = ti.getShape()[2];
                if (last == 1) {
                    scores.add(e.getKey());
                } else if (last == REGRESSORS) {
                    boxes.add(e.getKey());
                }
            }
        }
        scores.sort(Comparator.comparingLong((String n) -> anchors(model, n)).reversed());
        boxes.sort(Comparator.comparingLong((String n) -> anchors(model, n)).reversed());
        if (scores.isEmpty() || scores.size() != boxes.size()) {
            throw incompatible(model);
        }
        List<Layer> result = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < scores.size(); i++) {
            long n = anchors(model, scores.get(i));
            if (n != anchors(model, boxes.get(i))) {
                throw incompatible(model);
            }
            int[][] grids = gridsFor((int) n, i == 0);
            if (grids == null) {
                throw incompatible(model);
            }
            result.add(new Layer(scores.get(i), boxes.get(i), anchorCentres(grids)));
            total += (int) n;
        }
        if (total != 896) {
            throw incompatible(model);
        }
        return List.copyOf(result);
    }

    private static long anchors(OnnxModel model, String output) {
        return ((TensorInfo) model.outputInfo().get(output).getInfo()).getShape()[1];
    }

    /** {grid, anchors per cell} pairs for an output of n anchors. */
    private static int[][] gridsFor(int n, boolean first) {
        if (n == 896) {
            return new int[][] {{16, 2}, {8, 6}};
        }
        int[] order = first ? new int[] {2, 6} : new int[] {6, 2};
        for (int perCell : order) {
            if (n % perCell == 0) {
                int g = (int) Math.round(Math.sqrt(n / (double) perCell));
                if (g * g * perCell == n) {
                    return new int[][] {{g, perCell}};
                }
            }
        }
        return null;
    }

    private static float[] anchorCentres(int[][] grids) {
        int count = 0;
        for (int[] g : grids) {
            count += g[0] * g[0] * g[1];
        }
        float[] a = new float[count * 2];
        int i = 0;
        for (int[] g : grids) {
            int grid = g[0];
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    for (int k = 0; k < g[1]; k++) {
                        a[i++] = (x + 0.5f) / grid;
                        a[i++] = (y + 0.5f) / grid;
                    }
                }
            }
        }
        return a;
    }

    private static WorkerConfigException incompatible(OnnxModel model) {
        StringBuilder sb = new StringBuilder();
        model.outputInfo().forEach((k, v) -> sb.append(' ').append(k).append(v.getInfo() instanceof TensorInfo ti
                ? Arrays.toString(ti.getShape()) : "?"));
        return new WorkerConfigException(WorkerSettings.DECODER, "blazeface needs score [1,N,1] and regressor "
                + "[1,N,16] outputs over 896 anchors, but " + model.source() + " has outputs" + sb);
    }

    @Override
    public DecodedOutput decode(OrtSession.Result outputs, Letterbox lb) throws OrtException {
        List<Nms.Candidate> candidates = new ArrayList<>();
        for (Layer layer : layers) {
            FloatBuffer scores = floats(outputs, layer.scoresName());
            FloatBuffer boxes = floats(outputs, layer.boxesName());
            float[] anchors = layer.anchors();
            int n = anchors.length / 2;
            for (int i = 0; i < n; i++) {
                float raw = scores.get(i);
                if (!(raw >= logitThreshold)) {
                    continue;
                }
                raw = Math.max(-100f, Math.min(100f, raw));
                float score = (float) (1.0 / (1.0 + Math.exp(-raw)));
                if (score < scoreThreshold) {
                    continue;
                }
                int o = i * REGRESSORS;
                float ax = anchors[2 * i] * size;
                float ay = anchors[2 * i + 1] * size;
                float cx = ax + boxes.get(o);
                float cy = ay + boxes.get(o + 1);
                float w = boxes.get(o + 2);
                float h = boxes.get(o + 3);
                float[] kp = new float[KEYPOINTS * 2];
                for (int k = 0; k < KEYPOINTS; k++) {
                    kp[2 * k] = ax + boxes.get(o + 4 + 2 * k);
                    kp[2 * k + 1] = ay + boxes.get(o + 5 + 2 * k);
                }
                candidates.add(new Nms.Candidate(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, 0, kp));
            }
        }
        List<Nms.Candidate> kept = Nms.weighted(candidates, nmsThreshold, MAX_DETECTIONS);
        List<Detection> detections = new ArrayList<>(kept.size());
        for (Nms.Candidate c : kept) {
            detections.add(toSource(LABEL, c, lb));
        }
        return new Detections(detections);
    }

    /**
     * The float data of an output: a view of a pinned output's buffer (no copy; read it before the slot is
     * released), else a copy.
     */
    static FloatBuffer floats(OrtSession.Result outputs, String name) throws OrtException {
        OnnxValue v = outputs.get(name).orElseThrow(() -> new IllegalStateException("model output " + name
                + " is missing"));
        OnnxTensor t = (OnnxTensor) v;
        java.util.Optional<java.nio.Buffer> ref = t.getBufferRef();
        if (ref.isPresent() && ref.get() instanceof FloatBuffer fb) {
            return fb.duplicate();
        }
        return t.getFloatBuffer();
    }

    /** Maps a candidate from model pixels to source pixels, clipping the box to the source frame. */
    static Detection toSource(String label, Nms.Candidate c, Letterbox lb) {
        double x1 = clamp(lb.toSourceX(c.x1()), lb.sourceWidth());
        double y1 = clamp(lb.toSourceY(c.y1()), lb.sourceHeight());
        double x2 = clamp(lb.toSourceX(c.x2()), lb.sourceWidth());
        double y2 = clamp(lb.toSourceY(c.y2()), lb.sourceHeight());
        float[] kp = new float[c.keypoints().length];
        for (int i = 0; i + 1 < kp.length; i += 2) {
            kp[i] = (float) lb.toSourceX(c.keypoints()[i]);
            kp[i + 1] = (float) lb.toSourceY(c.keypoints()[i + 1]);
        }
        return new Detection(label, c.score(), (float) x1, (float) y1, (float) (x2 - x1), (float) (y2 - y1), kp);
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
