package dev.river.worker.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reply's hand-written JSON writer produces byte for byte what Jackson's generator writes. */
class JsonOutTest {

    private final JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    @Test
    void numbersMatchJackson() throws IOException {
        Random r = new Random(42);
        JsonOut out = new JsonOut(factory);
        float[] specials = {0f, -0f, 0.004f, -0.004f, 0.00005f, 0.5f, 1f, 99999.99f, 1e7f, -1e7f, 3e9f, 1e30f,
            Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
        for (int i = 0; i < 300_000; i++) {
            float v = i < specials.length ? specials[i] : switch (i % 4) {
                case 0 -> r.nextFloat();
                case 1 -> (r.nextFloat() - 0.3f) * 2000;
                case 2 -> (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(16) - 6));
                default -> r.nextInt(5000) / 100f;
            };
            for (int factor : new int[] {100, 10000}) {
                int decimals = factor == 100 ? 2 : 4;
                out.reset().startObject().fixedField("v", Detections.units(v, factor), decimals).endObject();
                assertEquals(jackson(g -> g.writeNumberField("v", Detections.round(v, factor))), out.toString(0),
                        "value " + v + " factor " + factor);
            }
        }
        for (long q : new long[] {0, 1, 7, 123, 9_999_999, 10_000_000, 123_456_789_012L}) {
            out.reset().startObject().fixedField("queueMs", q, 0).endObject();
            assertEquals(jackson(g -> g.writeNumberField("queueMs", (double) q)), out.toString(0));
        }
    }

    @Test
    void stringsAndDetectionsMatchJackson() throws IOException {
        JsonOut out = new JsonOut(factory);
        for (String s : List.of("", "face", "worker-12", "a\"b\\c", "tab\there\nline\u0001", "caf\u00e9 \u4e2d\u6587 \ud83d\ude00",
                "\u007f/</script>")) {
            out.reset().startObject().stringField(s, s).intField("n", -12345).endObject();
            assertEquals(jackson(g -> {
                g.writeStringField(s, s);
                g.writeNumberField("n", -12345);
            }), out.toString(0));
        }
        List<Detection> list = new ArrayList<>();
        list.add(new Detection("face", 0.92187f, 178.0612f, 80.83f, 94.12f, 94.1249f,
                new float[] {203.81f, 100.78f, -1.5f, 0f, 271.18f, 124.62f}));
        list.add(new Detection("person \"x\"", 0.25f, 0f, 1e-4f, 640f, 480f, new float[0]));
        Detections d = new Detections(list);
        out.reset().startObject().stringField("model", "m");
        d.writeFields(out);
        out.endObject();
        assertEquals(jackson(g -> {
            g.writeStringField("model", "m");
            d.writeFields(g);
        }), out.toString(0));
        // outputs that only write through Jackson are spliced in unchanged
        DecodedOutput viaJackson = g -> {
            g.writeArrayFieldStart("a");
            g.writeNumber(1.5);
            g.writeEndArray();
            g.writeStringField("b", "c");
        };
        out.reset().startObject().stringField("model", "m");
        viaJackson.writeFields(out);
        out.stringField("z", "last").endObject();
        assertEquals("{\"model\":\"m\",\"a\":[1.5],\"b\":\"c\",\"z\":\"last\"}", out.toString(0));
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private String jackson(Fields fields) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (JsonGenerator g = factory.createGenerator(b)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
