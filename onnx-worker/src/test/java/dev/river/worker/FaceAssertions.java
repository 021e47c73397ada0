package dev.river.worker;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the astronaut's face is (checked by drawing the detected box and keypoints on the photo): box about
 * x 178-272, y 81-175, i.e. centre (225, 128), side about 94 px.
 */
final class FaceAssertions {

    private FaceAssertions() {
    }

    /** The face box of the 512x512 photo placed at (dx, dy) in a larger frame. */
    static void assertAstronautFace(JsonNode face, double dx, double dy) {
        assertAstronautFace(face, dx, dy, 0.75);
    }

    /** As above with a lower score floor (a face that is small in the model input scores lower). */
    static void assertAstronautFace(JsonNode face, double dx, double dy, double minScore) {
        assertEquals("face", face.get("label").asText());
        assertTrue(face.get("score").asDouble() > minScore, "score " + face.get("score"));
        JsonNode b = face.get("box");
        double x = b.get("x").asDouble();
        double y = b.get("y").asDouble();
        double w = b.get("w").asDouble();
        double h = b.get("h").asDouble();
        double cx = x + w / 2 - dx;
        double cy = y + h / 2 - dy;
        assertTrue(cx > 210 && cx < 240, "box centre x " + cx + " in " + face);
        assertTrue(cy > 110 && cy < 145, "box centre y " + cy + " in " + face);
        assertTrue(w > 75 && w < 125 && h > 75 && h < 125, "box size " + w + "x" + h + " in " + face);
        JsonNode keypoints = face.get("keypoints");
        assertEquals(6, keypoints.size());
        double slack = 0.05 * w;
        for (JsonNode k : keypoints) {
            double kx = k.get("x").asDouble();
            double ky = k.get("y").asDouble();
            assertTrue(kx >= x - slack && kx <= x + w + slack && ky >= y - slack && ky <= y + h + slack,
                    "keypoint " + k + " outside box " + b);
        }
        // eyes, nose and mouth lie strictly inside the box
        for (int i = 0; i < 4; i++) {
            double kx = keypoints.get(i).get("x").asDouble();
            double ky = keypoints.get(i).get("y").asDouble();
            assertTrue(kx > x && kx < x + w && ky > y && ky < y + h, "keypoint " + i + " " + keypoints.get(i));
        }
    }

    static void assertSameBox(JsonNode expected, JsonNode actual, double pixels) {
        for (String f : new String[] {"x", "y", "w", "h"}) {
            double e = expected.get("box").get(f).asDouble();
            double a = actual.get("box").get(f).asDouble();
            assertTrue(Math.abs(e - a) <= pixels, f + ": expected " + e + " +- " + pixels + ", got " + a);
        }
    }
}
