package dev.river.proxy.zmtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.river.proxy.FrameBodies;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write queue and the frame decoder against each other over a real pipe: short, long and pooled frames come
 * back as sent, a pooled body goes back to its pool only when written, and a message beyond the byte bound is
 * refused whole.
 */
class ZmtpOutboundTest {

    private final ZmtpBodyPool pool = new ZmtpBodyPool();
    private final ZmtpChunkPool chunks = new ZmtpChunkPool();

    @Test
    void framesOfEverySizeComeBackAsSent() throws IOException {
        ZmtpOutbound out = new ZmtpOutbound(64L << 20, chunks);
        ZmtpBodyPool.Body pooled = pool.take(307_200);
        byte[] big = new byte[307_200];
        Arrays.fill(big, (byte) 7);
        pooled.fill().put(big);
        byte[] medium = new byte[5000];
        Arrays.fill(medium, (byte) 3);
        Object[] message = {new byte[] {1}, new byte[0], "RIVER1W".getBytes(), medium, pooled};
        assertTrue(out.offer(message, 1));
        pooled.release(); // the queue holds its own reference until the body is written
        assertEquals(0, pool.freeBytes());
        List<Object> frames = roundTrip(out);
        assertEquals(512 * 1024, pool.freeBytes(), "the written body is back in its pool");
        assertEquals(4, frames.size());
        assertEquals(0, FrameBodies.length(frames.get(0)));
        assertArrayEquals("RIVER1W".getBytes(), FrameBodies.toBytes(frames.get(1)));
        assertArrayEquals(medium, FrameBodies.toBytes(frames.get(2)));
        assertArrayEquals(big, FrameBodies.toBytes(frames.get(3)));
    }

    @Test
    void aMessageBeyondTheBoundIsRefusedWhole() {
        ZmtpOutbound out = new ZmtpOutbound(1_000_000, chunks);
        Object[] message = {new byte[] {1}, new byte[300_000]};
        assertTrue(out.offer(message, 1));
        assertTrue(out.offer(message, 1));
        assertTrue(out.offer(message, 1));
        assertFalse(out.offer(message, 1), "the fourth 300 kB message exceeds 1 MB");
        out.clear();
        assertTrue(out.offer(message, 1), "room again once the queue is gone");
    }

    private List<Object> roundTrip(ZmtpOutbound out) throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        List<Object> frames = new ArrayList<>();
        boolean[] last = {false};
        ZmtpFrameDecoder decoder = new ZmtpFrameDecoder(1L << 24, 1L << 24, new ZmtpBodyPool());
        ZmtpFrameDecoder.Sink sink = new ZmtpFrameDecoder.Sink() {
            @Override
            public void frame(Object body, int length, boolean more) {
                frames.add(body);
                last[0] = !more;
            }

            @Override
            public void command(byte[] body) {
                throw new AssertionError("no commands were sent");
            }
        };
        ByteBuffer in = ByteBuffer.allocate(8192);
        boolean written = false;
        while (!last[0]) {
            if (!written) {
                written = out.writeTo(pipe.sink());
            }
            int n = pipe.source().read(in);
            if (n > 0) {
                in.flip();
                try {
                    decoder.decode(in, sink);
                } catch (ZmtpProtocolException e) {
                    throw new AssertionError(e);
                }
                in.compact();
            }
        }
        assertTrue(out.writeTo(pipe.sink()) && out.isEmpty());
        pipe.sink().close();
        pipe.source().close();
        return frames;
    }
}
