package dev.river.component.webrtc.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DatagramTransport;

/**
 * Adapts the shared UDP socket to bctls: the receive loop offers this session's DTLS datagrams into a small queue,
 * bctls reads them here, and its records go out through {@link Sender} to the session's selected peer address.
 */
public final class DatagramQueueTransport implements DatagramTransport {

    /** Sends one datagram to the peer. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    private static final byte[] CLOSED = new byte[0];
    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(64);
    private final Sender sender;
    private final int mtu;
    private volatile boolean closed;

    public DatagramQueueTransport(Sender sender, int mtu) {
        this.sender = sender;
        this.mtu = mtu;
    }

    /** Called by the receive loop; returns false (the datagram is dropped) when the queue is full or closed. */
    public boolean offer(byte[] datagram) {
        return !closed && inbound.offer(datagram);
    }

    @Override
    public int getReceiveLimit() {
        return 1500;
    }

    @Override
    public int getSendLimit() {
        // UDP/IP headers and some slack below the path MTU
        return mtu - 48;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        byte[] datagram;
        try {
            datagram = inbound.poll(Math.max(waitMillis, 0), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        if (datagram == null) {
            return -1;
        }
        if (datagram == CLOSED) {
            throw new IOException("transport closed");
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
        inbound.clear();
        inbound.offer(CLOSED);
    }
}
