package dev.river.worker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets an error reply with a reason, is counted, and the worker keeps serving. */
class BadRequestTest extends WorkerTestSupport {

    private void assertRefused(Reply reply, String status, String reasonPart) throws Exception {
        assertEquals(status, reply.status());
        assertTrue(reply.error().contains(reasonPart), "error '" + reply.error() + "' should mention " + reasonPart);
        assertEquals("test-worker", reply.metadata().get("worker").asText());
        assertEquals(0, reply.body().length);
        Reply next = inferImage(Files.readAllBytes(ASTRONAUT));
        assertEquals("OK", next.status(), "the worker must keep serving after " + status);
        assertEquals(1, next.detections().size());
    }

    @Test
    void refusesAnRgb24PayloadOfTheWrongSize() throws Exception {
        assertRefused(infer("blazeface", "{\"format\":\"rgb24\",\"width\":128,\"height\":128}", new byte[1000]),
                "BAD_REQUEST", "must be 49152 bytes, got 1000");
    }

    @Test
    void refusesAnRgb24PayloadNotAtTheModelInputSize() throws Exception {
        assertRefused(infer("blazeface", "{\"format\":\"rgb24\",\"width\":64,\"height\":64}", new byte[64 * 64 * 3]),
                "BAD_REQUEST", "128x128");
    }

    @Test
    void refusesBytesThatAreNotAnImage() throws Exception {
        assertRefused(infer("blazeface", null, "definitely not a PNG".getBytes(StandardCharsets.UTF_8)),
                "BAD_REQUEST", "not a decodable image");
    }

    @Test
    void refusesATruncatedPng() throws Exception {
        byte[] png = Files.readAllBytes(ASTRONAUT);
        byte[] truncated = java.util.Arrays.copyOf(png, 200);
        assertRefused(infer("blazeface", null, truncated), "BAD_REQUEST", "image");
    }

    @Test
    void refusesAnEmptyPayload() throws Exception {
        assertRefused(infer("blazeface", null, new byte[0]), "BAD_REQUEST", "empty payload");
    }

    @Test
    void refusesAModelItDoesNotServe() throws Exception {
        assertRefused(infer("yolo", null, Files.readAllBytes(ASTRONAUT)), "UNKNOWN_MODEL", "serves blazeface");
    }

    @Test
    void refusesMalformedMetadata() throws Exception {
        assertRefused(infer("blazeface", "{\"format\": rgb24", new byte[128 * 128 * 3]), "BAD_REQUEST",
                "metadata is not valid JSON");
    }

    @Test
    void refusesAnUnknownPayloadFormat() throws Exception {
        assertRefused(infer("blazeface", "{\"format\":\"yuv420\"}", new byte[10]), "BAD_REQUEST", "yuv420");
    }

    @Test
    void answersExpiredForARequestPastItsDeadline() throws Exception {
        Exchange ex = template.request("direct:infer", e -> {
            e.getMessage().setHeader(WorkerHeaders.MODEL, "blazeface");
            e.getMessage().setHeader(WorkerHeaders.DEADLINE, System.currentTimeMillis() - 1000);
            e.getMessage().setBody(Files.readAllBytes(ASTRONAUT));
        });
        assertEquals("EXPIRED", ex.getMessage().getHeader(WorkerHeaders.STATUS));
        assertEquals(1, runtime().stats().expired());
    }

    @Test
    void countsEveryRefusalByStatus() throws Exception {
        infer("blazeface", null, new byte[] {1, 2, 3});
        infer("nope", null, new byte[] {1, 2, 3});
        infer("blazeface", "[1,2]", new byte[] {1, 2, 3});
        inferImage(Files.readAllBytes(ASTRONAUT));

        WorkerStats stats = runtime().stats();
        assertEquals(4, stats.requests());
        assertEquals(2, stats.badRequest());
        assertEquals(1, stats.unknownModel());
        assertEquals(1, stats.ok());
        assertEquals(0, stats.errors());
    }
}
