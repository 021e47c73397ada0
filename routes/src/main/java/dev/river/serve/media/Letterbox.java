package dev.river.serve.media;

/**
 * Where a source frame lands inside the model's input when scaled to fit without distortion and centred:
 * {@code modelX = sourceX * scale + padX} (docs/protocol.md, Payloads).
 */
public record Letterbox(int sourceWidth, int sourceHeight, int width, int height, double scale, int scaledWidth,
        int scaledHeight, int padX, int padY) {

    public static Letterbox fit(int sourceWidth, int sourceHeight, int width, int height) {
        double scale = Math.min((double) width / sourceWidth, (double) height / sourceHeight);
        int scaledWidth = Math.max(1, Math.min(width, (int) Math.round(sourceWidth * scale)));
        int scaledHeight = Math.max(1, Math.min(height, (int) Math.round(sourceHeight * scale)));
        return new Letterbox(sourceWidth, sourceHeight, width, height, scale, scaledWidth, scaledHeight,
                (width - scaledWidth) / 2, (height - scaledHeight) / 2);
    }

    /** The identity: a full frame at its own size. */
    public static Letterbox none(int width, int height) {
        return new Letterbox(width, height, width, height, 1.0, width, height, 0, 0);
    }
}
