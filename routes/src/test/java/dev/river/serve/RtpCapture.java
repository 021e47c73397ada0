package dev.river.serve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A UDP socket on 127.0.0.1 that records every RTP packet of one SSRC (sequence number, timestamp, System.nanoTime()
 * of arrival) and, when given a destination, forwards it there: between ffmpeg and river-serve it timestamps each
 * packet's ingest, on the egress port it timestamps each release.
 */
final class RtpCapture implements AutoCloseable {

    record Packet(int seq, long timestamp, long nanos) {
    }

    final List<Packet> packets = new CopyOnWriteArrayList<>();
    private final DatagramChannel channel;
    private final Thread thread;

    RtpCapture(int port, long ssrc, SocketAddress forwardTo) throws IOException {
        channel = DatagramChannel.open();
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(new InetSocketAddress("127.0.0.1", port));
        thread = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            try {
                while (true) {
                    buf.clear();
                    channel.receive(buf);
                    long now = System.nanoTime();
                    buf.flip();
                    if (buf.remaining() < 12 || (buf.getInt(8) & 0xFFFFFFFFL) != ssrc) {
                        continue;
                    }
                    packets.add(new Packet(buf.getShort(2) & 0xFFFF, buf.getInt(4) & 0xFFFFFFFFL, now));
                    if (forwardTo != null) {
                        channel.send(buf, forwardTo);
                    }
                }
            } catch (ClosedChannelException e) {
                // closed by the test
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "rtp-capture-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
