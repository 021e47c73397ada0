package dev.river.worker.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Non-maximum suppression over candidates in corner form (x1,y1,x2,y2). */
public final class Nms {

    /** A candidate box: corners, score, class and keypoints (same coordinate space as the corners). */
    public record Candidate(float x1, float y1, float x2, float y2, float score, int cls, float[] keypoints) {
    }

    private Nms() {
    }

    public static float iou(Candidate a, Candidate b) {
        float ix = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
        float iy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (ix <= 0 || iy <= 0) {
            return 0f;
        }
        float inter = ix * iy;
        float union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
        return union <= 0 ? 0f : inter / union;
    }

    /**
     * Hard NMS per class: highest score first, drops same-class boxes overlapping a kept box by more than
     * the threshold.
     */
    public static List<Candidate> perClass(List<Candidate> candidates, float iouThreshold, int max) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : sorted) {
            boolean keep = true;
            for (Candidate k : kept) {
                if (k.cls == c.cls && iou(k, c) > iouThreshold) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                kept.add(c);
                if (kept.size() >= max) {
                    break;
                }
            }
        }
        return kept;
    }

    /**
     * Weighted NMS (MediaPipe's WEIGHTED overlap type): the best remaining candidate and every candidate
     * overlapping it by more than the threshold form a cluster; the result is the score-weighted mean of the
     * cluster's corners and keypoints, with the best candidate's score.
     */
    public static List<Candidate> weighted(List<Candidate> candidates, float iouThreshold, int max) {
        List<Candidate> remaining = new ArrayList<>(candidates);
        remaining.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        List<Candidate> out = new ArrayList<>();
        while (!remaining.isEmpty() && out.size() < max) {
            Candidate top = remaining.get(0);
            List<Candidate> rest = new ArrayList<>(remaining.size());
            double wsum = 0;
            double x1 = 0;
            double y1 = 0;
            double x2 = 0;
            double y2 = 0;
            double[] kp = new double[top.keypoints.length];
            for (Candidate c : remaining) {
                if (c == top || iou(top, c) > iouThreshold) {
                    double w = c.score;
                    wsum += w;
                    x1 += w * c.x1;
                    y1 += w * c.y1;
                    x2 += w * c.x2;
                    y2 += w * c.y2;
                    for (int i = 0; i < kp.length && i < c.keypoints.length; i++) {
                        kp[i] += w * c.keypoints[i];
                    }
                } else {
                    rest.add(c);
                }
            }
            float[] k = new float[kp.length];
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) (kp[i] / wsum);
            }
            out.add(new Candidate((float) (x1 / wsum), (float) (y1 / wsum), (float) (x2 / wsum), (float) (y2 / wsum),
                    top.score, top.cls, k));
            remaining = rest;
        }
        return out;
    }
}
