package dev.river.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test video made by the ffmpeg CLI from testdata/astronaut.png: the face's 256x256 square of the photo scaled to 384x384 moving left to right
 * across a 640x480 grey frame at 30 fps, so each frame's face position is known: frame n has the photo's top-left at
 * ({@link #photoX(long)}, {@link #PHOTO_Y}), and a strip at the bottom carries the frame number (mod 256) as 8 black/white
 * blocks, so a viewer can tell exactly which frame of the clip it shows. As H264 (baseline, SPS/PPS before every IDR) for RTP, or as y4m for
 * Chromium's fake camera.
 */
public final class FaceClip {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    public static final int PHOTO = 384;
    public static final int PHOTO_Y = 48;
    /** The square of astronaut.png around the face (170-300 x 50-210) that is shown, so the face is large. */
    static final int CROP = 256;
    static final int CROP_X = 120;
    static final int CROP_Y = 0;
    private static final Path ASTRONAUT = Path.of("..", "testdata", "astronaut.png");
    private static final Path DIR = Path.of("target", "e2e-media");

    private FaceClip() {
    }

    /** Left edge of the photo in frame n (pixels). */
    public static int photoX(long n) {
        return (int) ((n * 3) % (WIDTH - PHOTO));
    }

    /** Whether (x, y) in frame n lies on the face (astronaut.png face box 170-300 x 50-210, scaled to the photo size). */
    public static boolean onFace(long n, double x, double y) {
        double fx = photoX(n);
        double k = PHOTO / (double) CROP;
        return x >= fx + (170 - CROP_X) * k - 8 && x <= fx + (300 - CROP_X) * k + 8
               && y >= PHOTO_Y + (50 - CROP_Y) * k - 8 && y <= PHOTO_Y + (210 - CROP_Y) * k + 8;
    }

    /** Top of the frame-index code strip: 8 blocks of {@link #CODE_BLOCK} px, white = bit set, bit 0 leftmost. */
    public static final int CODE_Y = 440;
    public static final int CODE_H = 40;
    public static final int CODE_BLOCK = WIDTH / 8;

    /** Centre of the face (astronaut.png 170-300 x 50-210, scaled) in frame n. */
    public static double faceCentreX(long n) {
        return photoX(n) + (235 - CROP_X) * (PHOTO / (double) CROP);
    }

    public static double faceCentreY() {
        return PHOTO_Y + (130 - CROP_Y) * (PHOTO / (double) CROP);
    }

    /**
     * JavaScript (an expression) that, run in the web app's page, decodes the code strip of every frame the video
     * element presents ({@code requestVideoFrameCallback}: exactly the frame shown) into {@code window.__clipIndex}, a
     * Map from the frame's rtpTimestamp to the clip's frame index mod 256.
     */
    public static String pageDecoderScript() {
        return "(() => { if (window.__clipIndex) return true; const v = document.getElementById('video'); if (!v) return false;"
               + " const c = document.createElement('canvas'); c.width = " + WIDTH + "; c.height = " + HEIGHT + ";"
               + " const g = c.getContext('2d', { willReadFrequently: true }); const m = window.__clipIndex = new Map();"
               + " const cb = (now, md) => { v.requestVideoFrameCallback(cb);"
               + "  if (md.rtpTimestamp === undefined || !v.videoWidth) return;"
               + "  g.drawImage(v, 0, 0, " + WIDTH + ", " + HEIGHT + ");"
               + "  const d = g.getImageData(0, " + (CODE_Y + 10) + ", " + WIDTH + ", " + (CODE_H - 20) + ").data; let n = 0;"
               + "  for (let i = 0; i < 8; i++) { let sum = 0, k = 0;"
               + "   for (let y = 0; y < " + (CODE_H - 20) + "; y += 5) for (let x = i * " + CODE_BLOCK + " + 15; x < (i + 1) * "
               + CODE_BLOCK + " - 15; x += 10) { const o = (y * " + WIDTH + " + x) * 4; sum += d[o] + d[o + 1] + d[o + 2]; k += 3; }"
               + "   if (sum / k > 128) n |= 1 << i; }"
               + "  m.set(md.rtpTimestamp, n); if (m.size > 3000) m.delete(m.keys().next().value); };"
               + " v.requestVideoFrameCallback(cb); return true; })()";
    }

    /** Whether (x, y) lies on the face's row, within the span the face crosses (frame unknown). */
    public static boolean onFaceSomewhere(double x, double y) {
        double k = PHOTO / (double) CROP;
        return x >= (170 - CROP_X) * k - 8 && x <= WIDTH - PHOTO + (300 - CROP_X) * k + 8
               && y >= PHOTO_Y + (50 - CROP_Y) * k - 8 && y <= PHOTO_Y + (210 - CROP_Y) * k + 8;
    }

    public static Path h264(int frames) throws IOException, InterruptedException {
        return make("face-coded-" + frames + ".mp4", frames, List.of("-c:v", "libx264", "-profile:v", "baseline", "-preset",
                "ultrafast", "-tune", "zerolatency", "-g", "30", "-bf", "0", "-x264-params", "repeat-headers=1"));
    }

    public static Path y4m(int frames) throws IOException, InterruptedException {
        return make("face-coded-" + frames + ".y4m", frames, List.of());
    }

    /** The same clip without the code strip (for pictures people look at, e.g. the README screenshot). */
    public static Path y4mPlain(int frames) throws IOException, InterruptedException {
        return make("face-plain-" + frames + ".y4m", frames, List.of(), false);
    }

    /** drawbox filters: a black strip, then a white block for each set bit of the frame number n (mod 256). */
    private static String codeStrip() {
        StringBuilder f = new StringBuilder("drawbox=x=0:y=" + CODE_Y + ":w=" + WIDTH + ":h=" + CODE_H + ":color=black:t=fill,");
        for (int i = 0; i < 8; i++) {
            f.append("drawbox=x=").append(i * CODE_BLOCK).append(":y=").append(CODE_Y).append(":w=").append(CODE_BLOCK)
                    .append(":h=").append(CODE_H).append(":color=white:t=fill:enable='eq(mod(floor(n/")
                    .append(1 << i).append("),2),1)',");
        }
        return f.toString();
    }

    private static Path make(String name, int frames, List<String> codec) throws IOException, InterruptedException {
        return make(name, frames, codec, true);
    }

    private static synchronized Path make(String name, int frames, List<String> codec, boolean coded)
            throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        Path out = DIR.resolve(name);
        if (Files.isRegularFile(out) && Files.size(out) > 0) {
            return out;
        }
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-loop", "1", "-i", ASTRONAUT.toString(),
                "-f", "lavfi", "-i", "color=c=0x606060:s=" + WIDTH + "x" + HEIGHT + ":r=30",
                "-filter_complex", "[0:v]crop=" + CROP + ":" + CROP + ":" + CROP_X + ":" + CROP_Y + ",scale=" + PHOTO + ":" + PHOTO + "[f];[1:v][f]overlay=x='mod(n*3," + (WIDTH - PHOTO)
                                   + ")':y=" + PHOTO_Y + "," + (coded ? codeStrip() : "") + "format=yuv420p",
                "-frames:v", String.valueOf(frames), "-r", "30"));
        cmd.addAll(codec);
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(DIR.resolve("ffmpeg-make.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("ffmpeg failed to make " + out + ": " + Files.readString(DIR.resolve("ffmpeg-make.log")));
        }
        return out;
    }
}
