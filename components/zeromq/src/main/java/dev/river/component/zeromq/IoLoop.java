package dev.river.component.zeromq;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The single thread that owns a socket. ZeroMQ sockets must not be shared between threads, so every mode keeps its
 * socket on one of these loops and talks to it through queues and an {@link IoWakeup}. The thread comes from the
 * CamelContext's ExecutorServiceManager; an error in one iteration is logged and the loop goes on.
 */
abstract class IoLoop {

    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);

    protected final ZeroMQEndpoint endpoint;
    protected final ZeroMQConfiguration cfg;
    protected final ZeroMQCounters counters;
    protected final ZContext context;
    protected final IoWakeup wakeup;
    protected volatile boolean running;

    private final String threadName;
    private final CountDownLatch exited = new CountDownLatch(1);
    private ExecutorService thread;

    IoLoop(ZeroMQEndpoint endpoint, String threadName) {
        this.endpoint = endpoint;
        this.cfg = endpoint.getConfiguration();
        this.counters = endpoint.getCounters();
        this.context = endpoint.getComponent().getZContext();
        this.wakeup = new IoWakeup(context);
        this.threadName = threadName;
    }

    /** Opens the socket on the caller's thread (so bind errors fail the start) and starts the I/O thread. */
    final void start() {
        try {
            open();
        } catch (RuntimeException e) {
            wakeup.closeReceiver();
            wakeup.closeSender();
            throw e;
        }
        CamelContext camel = endpoint.getCamelContext();
        running = true;
        thread = camel.getExecutorServiceManager().newSingleThreadExecutor(this, threadName);
        thread.execute(this::run);
    }

    /** Asks the loop to finish, waits up to {@code waitMillis} for it, and releases the thread. */
    final void stop(long waitMillis) {
        running = false;
        wakeup.wake();
        try {
            if (!exited.await(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: I/O thread did not stop within {} ms", threadName, waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wakeup.closeSender();
        if (thread != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(thread);
            thread = null;
        }
    }

    private void run() {
        try {
            while (keepRunning()) {
                try {
                    iterate();
                } catch (RuntimeException e) {
                    if (context.isClosed() || isTerminated(e)) {
                        LOG.debug("{}: context closed, leaving", threadName);
                        break;
                    }
                    LOG.warn("{}: error in I/O loop (continuing): {}", threadName, e.toString(), e);
                }
            }
        } finally {
            try {
                close();
            } catch (RuntimeException e) {
                LOG.debug("{}: error while closing: {}", threadName, e.toString());
            } finally {
                try {
                    wakeup.closeReceiver();
                } catch (RuntimeException ignored) {
                    // context already gone
                }
                exited.countDown();
            }
        }
    }

    private static boolean isTerminated(RuntimeException e) {
        return e instanceof org.zeromq.ZMQException z && z.getErrorCode() == ZMQ.Error.ETERM.getCode();
    }

    /** Whether the loop should run another iteration; by default until {@link #stop(long)}. */
    protected boolean keepRunning() {
        return running;
    }

    /** Opens the socket(s); runs on the starting thread before the I/O thread exists. */
    protected abstract void open();

    /** One round: poll, hand over queued work, read what arrived, run timers. Runs on the I/O thread. */
    protected abstract void iterate();

    /** Closes the socket(s) and settles what is still pending. Runs on the I/O thread when the loop ends. */
    protected abstract void close();
}
