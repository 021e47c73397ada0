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
 * ({@link #photoX(long)}, {@link #PHOTO_Y}). As H264 (baseline, SPS/PPS before every IDR) for RTP, or as y4m for
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

    /** Whether (x, y) lies on the face's row, within the span the face crosses (frame unknown). */
    public static boolean onFaceSomewhere(double x, double y) {
        double k = PHOTO / (double) CROP;
        return x >= (170 - CROP_X) * k - 8 && x <= WIDTH - PHOTO + (300 - CROP_X) * k + 8
               && y >= PHOTO_Y + (50 - CROP_Y) * k - 8 && y <= PHOTO_Y + (210 - CROP_Y) * k + 8;
    }

    public static Path h264(int frames) throws IOException, InterruptedException {
        return make("face-" + frames + ".mp4", frames, List.of("-c:v", "libx264", "-profile:v", "baseline", "-preset",
                "ultrafast", "-tune", "zerolatency", "-g", "30", "-bf", "0", "-x264-params", "repeat-headers=1"));
    }

    public static Path y4m(int frames) throws IOException, InterruptedException {
        return make("face-" + frames + ".y4m", frames, List.of());
    }

    private static synchronized Path make(String name, int frames, List<String> codec)
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
                                   + ")':y=" + PHOTO_Y + ",format=yuv420p",
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
