package dev.river.serve;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

import dev.river.component.rtp.RtpConstants;
import dev.river.component.webrtc.WebRtcConstants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline's routes take packets from rtp: or webrtc: without caring which: the two components must name
 * every packet header the same. WebRtcConstants repeats RtpConstants' names (for its own Camel metadata), so
 * this guards the shared exchange shape.
 */
class IngestExchangeShapeTest {

    @Test
    void webrtcPacketsCarryEveryRtpHeaderUnderTheSameName() throws Exception {
        int compared = 0;
        for (Field rtp : RtpConstants.class.getFields()) {
            if (!Modifier.isStatic(rtp.getModifiers()) || rtp.getType() != String.class) {
                continue;
            }
            Field webrtc = WebRtcConstants.class.getField(rtp.getName());
            assertEquals(rtp.get(null), webrtc.get(null), "header " + rtp.getName());
            compared++;
        }
        assertTrue(compared >= 11, "all rtp: packet headers compared, got " + compared);
    }
}
