package dev.river.worker.model;

/**
 * How a source frame was placed into the model input: {@code modelX = sourceX * scale + padX}.
 *
 * @param sourceWidth  width of the original frame in pixels
 * @param sourceHeight height of the original frame in pixels
 * @param scale        source-to-model scale factor
 * @param padX         left padding in model pixels
 * @param padY         top padding in model pixels
 */
public record Letterbox(int sourceWidth, int sourceHeight, double scale, double padX, double padY) {

    /** The letterbox that fits a w x h frame into a size x size square, centred, aspect ratio kept. */
    public static Letterbox fit(int width, int height, int size) {
        double scale = Math.min((double) size / width, (double) size / height);
        int w = (int) Math.round(width * scale);
        int h = (int) Math.round(height * scale);
        return new Letterbox(width, height, scale, (size - w) / 2, (size - h) / 2);
    }

    /** Width of the scaled frame inside the model input. */
    public int scaledWidth() {
        return (int) Math.round(sourceWidth * scale);
    }

    /** Height of the scaled frame inside the model input. */
    public int scaledHeight() {
        return (int) Math.round(sourceHeight * scale);
    }

    public double toSourceX(double modelX) {
        return (modelX - padX) / scale;
    }

    public double toSourceY(double modelY) {
        return (modelY - padY) / scale;
    }
}
