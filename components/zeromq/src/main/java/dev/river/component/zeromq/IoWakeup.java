package dev.river.component.zeromq;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Wakes an I/O thread blocked in poll when other threads have queued work for it. ZeroMQ sockets are not
 * thread-safe, so work is handed over through lock-free queues and this inproc PAIR only signals; signals are
 * coalesced so a burst of hand-overs costs one message.
 */
final class IoWakeup {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final byte[] SIGNAL = new byte[0];

    private final ZMQ.Socket receiver;
    private final ZMQ.Socket sender;
    private final AtomicBoolean pending = new AtomicBoolean();
    private boolean closed;

    IoWakeup(ZContext context) {
        String address = "inproc://river-wakeup-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
        receiver = context.createSocket(SocketType.PAIR);
        receiver.setLinger(0);
        receiver.bind(address);
        sender = context.createSocket(SocketType.PAIR);
        sender.setLinger(0);
        sender.connect(address);
    }

    /** The socket the I/O thread polls (owned by the I/O thread). */
    ZMQ.Socket socket() {
        return receiver;
    }

    /** Called by any thread after queueing work for the I/O thread. */
    void wake() {
        if (pending.compareAndSet(false, true)) {
            synchronized (sender) {
                if (!closed) {
                    sender.send(SIGNAL, ZMQ.DONTWAIT);
                }
            }
        }
    }

    /** Called by the I/O thread before it drains its queues: consumes the signals and re-arms {@link #wake()}. */
    void clear() {
        while (receiver.recv(ZMQ.DONTWAIT) != null) {
            // drop the signal
        }
        pending.set(false);
    }

    /** Closes the I/O thread's end; call from the I/O thread when it exits. */
    void closeReceiver() {
        receiver.close();
    }

    /** Closes the signalling end; call once the I/O thread has exited. */
    void closeSender() {
        synchronized (sender) {
            if (!closed) {
                closed = true;
                sender.close();
            }
        }
    }
}
