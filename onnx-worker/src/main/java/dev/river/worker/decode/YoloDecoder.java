package dev.river.worker.decode;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * Ultralytics YOLO detection exports (v8 and later): first output [1, 4+C, N], per candidate
 * {@code cx, cy, w, h} in input pixels then C class scores (already sigmoid). The best class per candidate
 * above the score threshold is kept, then NMS per class, then boxes are mapped back through the letterbox.
 * When the class count is known from the labels, the transposed layout [1, N, 4+C] is recognised too.
 */
public final class YoloDecoder implements ModelDecoder {

    static final int MAX_DETECTIONS = 300;

    private final String output;
    private final LabelNames labels;
    private final float scoreThreshold;
    private final float nmsThreshold;

    public YoloDecoder(OnnxModel model, LabelNames labels, float scoreThreshold, float nmsThreshold) {
        this.output = model.outputNames().get(0);
        NodeInfo info = model.outputInfo().get(output);
        if (!(info.getInfo() instanceof TensorInfo ti) || ti.getShape().length != 3) {
            throw new WorkerConfigException(WorkerSettings.DECODER, "yolo needs an output [1,4+C,N], but "
                    + model.source() + " output " + output + " is " + info.getInfo());
        }
        this.labels = labels;
        this.scoreThreshold = scoreThreshold;
        this.nmsThreshold = nmsThreshold;
    }

    @Override
    public String id() {
        return "yolo";
    }

    @Override
    public DecodedOutput decode(OrtSession.Result outputs, Letterbox lb) throws OrtException {
        OnnxValue v = outputs.get(output).orElseThrow(() -> new IllegalStateException("model output " + output
                + " is missing"));
        OnnxTensor t = (OnnxTensor) v;
        long[] shape = t.getInfo().getShape();
        if (shape.length != 3 || shape[0] != 1) {
            throw new IllegalStateException("yolo output " + output + " has shape " + Arrays.toString(shape));
        }
        boolean transposed = labels.size() > 0 && shape[2] == 4 + labels.size() && shape[1] != 4 + labels.size();
        int rows = (int) (transposed ? shape[2] : shape[1]);
        int n = (int) (transposed ? shape[1] : shape[2]);
        int classes = rows - 4;
        if (classes < 1) {
            throw new IllegalStateException("yolo output " + output + " has shape " + Arrays.toString(shape)
                    + ": no class scores");
        }
        FloatBuffer data = BlazeFaceDecoder.floats(outputs, output);
        List<Nms.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int best = 0;
            float bestScore = at(data, transposed, n, rows, 4, i);
            for (int c = 1; c < classes; c++) {
                float s = at(data, transposed, n, rows, 4 + c, i);
                if (s > bestScore) {
                    best = c;
                    bestScore = s;
                }
            }
            if (!(bestScore >= scoreThreshold) || bestScore <= 0f) {
                continue;
            }
            float cx = at(data, transposed, n, rows, 0, i);
            float cy = at(data, transposed, n, rows, 1, i);
            float w = at(data, transposed, n, rows, 2, i);
            float h = at(data, transposed, n, rows, 3, i);
            candidates.add(new Nms.Candidate(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, bestScore, best,
                    new float[0]));
        }
        List<Nms.Candidate> kept = Nms.perClass(candidates, nmsThreshold, MAX_DETECTIONS);
        List<Detection> detections = new ArrayList<>(kept.size());
        for (Nms.Candidate c : kept) {
            detections.add(BlazeFaceDecoder.toSource(labels.name(c.cls()), c, lb));
        }
        return new Detections(detections);
    }

    private static float at(FloatBuffer data, boolean transposed, int n, int rows, int row, int i) {
        return transposed ? data.get(i * rows + row) : data.get(row * n + i);
    }
}
