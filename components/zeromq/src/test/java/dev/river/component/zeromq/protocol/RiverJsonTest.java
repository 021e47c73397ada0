package dev.river.component.zeromq.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RiverJsonTest {

    @Test
    void errorObjectsAreEscaped() {
        assertEquals("{\"error\":\"a \\\"b\\\"\\n\\\\c\\u0001\"}", RiverJson.error("a \"b\"\n\\c\u0001", null));
        assertEquals("{\"error\":\"x\",\"worker\":\"w\"}", RiverJson.error("x", "w"));
    }

    @Test
    void theWorkerIsAddedOnlyWhenMissing() {
        assertEquals("{\"worker\":\"w\"}", RiverJson.withWorker("{}", "\"w\""));
        assertEquals("{\"worker\":\"w\"}", RiverJson.withWorker("", "\"w\""));
        assertEquals("{\"worker\":\"w\",\"a\":1}", RiverJson.withWorker("{\"a\":1}", "\"w\""));
        assertEquals("{\"worker\":\"other\"}", RiverJson.withWorker("{\"worker\":\"other\"}", "\"w\""));
        assertEquals("[1]", RiverJson.withWorker("[1]", "\"w\""));
    }

    @Test
    void aStringFieldIsReadAndUnescaped() {
        assertEquals("no \"worker\"", RiverJson.stringField("{\"error\" : \"no \\\"worker\\\"\"}", "error"));
        assertEquals("é", RiverJson.stringField("{\"error\":\"\\u00e9\"}", "error"));
        assertNull(RiverJson.stringField("{\"error\":42}", "error"));
        assertNull(RiverJson.stringField("{\"other\":\"x\"}", "error"));
        assertNull(RiverJson.stringField("{\"error\":\"\\uZZZZ\"}", "error"));
        assertNull(RiverJson.stringField(null, "error"));
    }

    @Test
    void idsRoundTripAsEightBytesAndHex() {
        byte[] id = RiverFrames.encodeId(0x0102030405060708L);
        assertEquals(0x0102030405060708L, RiverFrames.decodeId(id));
        assertEquals("0102030405060708", RiverFrames.hex(id));
        assertEquals(-1, RiverFrames.decodeId(new byte[3]));
    }
}
