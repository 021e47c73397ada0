package dev.river.worker.decode;

/**
 * One detected object in original image pixels.
 *
 * @param label     class name
 * @param score     confidence 0..1
 * @param x         left
 * @param y         top
 * @param w         width
 * @param h         height
 * @param keypoints x0,y0,x1,y1,... (may be empty)
 */
public record Detection(String label, float score, float x, float y, float w, float h, float[] keypoints) {

    public float centreX() {
        return x + w / 2;
    }

    public float centreY() {
        return y + h / 2;
    }

    public int keypointCount() {
        return keypoints.length / 2;
    }
}
