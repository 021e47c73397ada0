package dev.river.component.webrtc.browser;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback UDP relay between a browser and the webrtc: port that drops a share of the browser's RTP packets (not
 * STUN, DTLS or RTCP), or everything when blackholed: the "loss between peer and server" of the interop tests. One
 * upstream socket per browser address keeps the server's view of distinct peer addresses.
 */
public final class LossyUdpRelay implements AutoCloseable {

    private final DatagramSocket front;
    private final InetSocketAddress server;
    private final Map<SocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();
    private final Random random = new Random(7);
    private final AtomicLong dropped = new AtomicLong();
    private volatile double rtpLoss;
    private volatile boolean blackhole;
    private volatile boolean running = true;

    public LossyUdpRelay(InetSocketAddress server) throws SocketException {
        this.server = server;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::frontLoop, "lossy-relay-front");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return front.getLocalPort();
    }

    public void rtpLoss(double share) {
        this.rtpLoss = share;
    }

    public void blackhole(boolean on) {
        this.blackhole = on;
    }

    public long dropped() {
        return dropped.get();
    }

    private void frontLoop() {
        byte[] buf = new byte[2048];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                front.receive(p);
                if (blackhole) {
                    dropped.incrementAndGet();
                    continue;
                }
                int first = buf[0] & 0xFF;
                int pt = p.getLength() > 1 ? buf[1] & 0xFF : 0;
                boolean rtp = first >= 128 && first <= 191 && !(pt >= 192 && pt <= 223);
                if (rtp && rtpLoss > 0 && random.nextDouble() < rtpLoss) {
                    dropped.incrementAndGet();
                    continue;
                }
                SocketAddress browser = p.getSocketAddress();
                DatagramSocket up = upstreams.computeIfAbsent(browser, this::openUpstream);
                up.send(new DatagramPacket(buf, p.getLength(), server));
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private DatagramSocket openUpstream(SocketAddress browser) {
        try {
            DatagramSocket up = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(() -> {
                byte[] buf = new byte[2048];
                while (running) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        up.receive(p);
                        if (!blackhole) {
                            front.send(new DatagramPacket(buf, p.getLength(), browser));
                        }
                    } catch (IOException e) {
                        if (!running) {
                            return;
                        }
                    }
                }
            }, "lossy-relay-back");
            t.setDaemon(true);
            t.start();
            return up;
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        front.close();
        upstreams.values().forEach(DatagramSocket::close);
    }
}
