package dev.river.worker;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BlazeFaceFrontTest extends WorkerTestSupport {

    @Test
    void probe() throws Exception {
        Reply r = inferImage(Files.readAllBytes(ASTRONAUT));
        System.out.println(r.status() + " " + r.metadata() + " " + utf8(r.body()));
        assertEquals("OK", r.status());
        BufferedImage img = astronaut();
        Graphics2D g = img.createGraphics();
        g.setStroke(new BasicStroke(2));
        for (JsonNode d : r.detections()) {
            JsonNode b = d.get("box");
            g.setColor(Color.GREEN);
            g.drawRect(b.get("x").asInt(), b.get("y").asInt(), b.get("w").asInt(), b.get("h").asInt());
            g.setColor(Color.RED);
            for (JsonNode k : d.get("keypoints")) {
                g.fillOval(k.get("x").asInt() - 3, k.get("y").asInt() - 3, 6, 6);
            }
        }
        g.dispose();
        ImageIO.write(img, "png", new File("/tmp/probe/astronaut-box.png"));
    }
}
