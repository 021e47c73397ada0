package dev.river.component.zeromq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;

/**
 * Turns message bodies into frames and frames into bodies, the same way in every mode: byte[] as is, String as
 * UTF-8, a List as one frame per element, anything else through Camel's type converters.
 */
final class ZeroMQPayloads {

    private ZeroMQPayloads() {
    }

    /** One frame from a body; null becomes an empty frame. */
    static byte[] toBytes(Exchange exchange, Object body) throws NoTypeConversionAvailableException {
        if (body == null) {
            return RiverProtocol.EMPTY;
        }
        if (body instanceof byte[] b) {
            return b;
        }
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body);
    }

    /** The frames of a raw message: a List gives one frame per element, anything else one frame. */
    static List<byte[]> toFrames(Exchange exchange, Object body) throws NoTypeConversionAvailableException {
        if (body instanceof List<?> list) {
            List<byte[]> frames = new ArrayList<>(list.size());
            for (Object part : list) {
                frames.add(toBytes(exchange, part));
            }
            return frames;
        }
        if (body instanceof byte[][] parts) {
            return List.of(parts);
        }
        return List.of(toBytes(exchange, body));
    }

    /** The body of a received raw message: byte[] for one frame, List&lt;byte[]&gt; for several. */
    static Object toBody(List<byte[]> frames) {
        return frames.size() == 1 ? frames.get(0) : frames;
    }
}
