package dev.river.component.webrtc.browser;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a 640x480@30 y4m clip for Chromium's fake camera: a detailed texture panning slowly, plus light grain.
 * Detailed enough that the encoder spends the bitrate REMB allows (Chromium's built-in pattern compresses to about
 * 0.5 Mbit/s), yet temporally coherent so OpenH264 does not see a scene change (and send a keyframe) every frame.
 */
public final class FakeCameraVideo {

    private FakeCameraVideo() {
    }

    public static Path write(Path file, int frames) throws IOException {
        int w = 640;
        int h = 480;
        int tw = 1024;
        int th = 1024;
        Random random = new Random(42);
        byte[] texture = new byte[tw * th];
        for (int i = 0; i < texture.length; i++) {
            int x = i % tw;
            int y = i / tw;
            texture[i] = (byte) (((x * 7 ^ y * 5) & 0x7F) + random.nextInt(96));
        }
        byte[] luma = new byte[w * h];
        byte[] chroma = new byte[w * h / 4];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(("YUV4MPEG2 W" + w + " H" + h + " F30:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (int f = 0; f < frames; f++) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                int dx = f * 3;
                int dy = f * 2;
                for (int row = 0; row < h; row++) {
                    int base = ((row + dy) % th) * tw;
                    for (int col = 0; col < w; col++) {
                        int v = (texture[base + (col + dx) % tw] & 0xFF) + random.nextInt(9) - 4;
                        luma[row * w + col] = (byte) Math.max(16, Math.min(235, v));
                    }
                }
                out.write(luma);
                for (int i = 0; i < chroma.length; i++) {
                    chroma[i] = (byte) (128 + (((i % (w / 2)) + f) % 32) - 16);
                }
                out.write(chroma);
                out.write(chroma);
            }
        }
        return file;
    }
}
