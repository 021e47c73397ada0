package dev.river.worker;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The metadata fast path builds exactly Jackson's tree, and leaves everything else to Jackson. */
class FlatJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void flatObjectsGiveJacksonsTree() throws Exception {
        for (String json : List.of("{}", " { } ", "{\"format\":\"rgb24\",\"width\":128,\"height\":128,"
                + "\"sourceWidth\":512,\"sourceHeight\":512,\"scale\":0.25,\"padX\":0,\"padY\":0}",
                "{ \"a\" : -0 , \"b\":-12.5e-3,\"c\":1E5,\"d\":true,\"e\":false,\"f\":null,\"g\":\"\",\"a\":\"x y\" }",
                "{\"n\":999999999,\"m\":-999999999,\"z\":0.0,\"w\":-0.0,\"u\":\"caf\u00e9\"}\n")) {
            JsonNode fast = FlatJson.parse(json);
            assertNotNull(fast, json);
            JsonNode jackson = mapper.readTree(json);
            assertEquals(jackson, fast, json);
            assertEquals(jackson.toString(), fast.toString(), json);
        }
    }

    @Test
    void anythingElseGoesToJackson() {
        for (String json : List.of("", "[]", "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":\"b\\\"c\"}", "{\"a\":01}",
                "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1234567890}", "{\"a\":truex}", "{\"a\":1}x",
                "{\"a\":1,}", "{\"a\" 1}", "{\"format\": rgb24", "{\"a\":NaN}", "{'a':1}", "{\"a\":1")) {
            assertNull(FlatJson.parse(json), json);
        }
    }
}
