package dev.river.component.zeromq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

import dev.river.component.zeromq.protocol.RiverFrames;
import dev.river.component.zeromq.protocol.RiverJson;
import dev.river.component.zeromq.protocol.RiverProtocol;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs received RIVER/1 jobs as Camel exchanges with at most {@code slots} in flight, so a worker never takes on
 * more than it announced. The I/O thread submits jobs and collects results; exchanges run on a pool from the
 * ExecutorServiceManager through the route's AsyncProcessor, and their results come back through a lock-free queue
 * and a wakeup. Jobs past their deadline are answered EXPIRED without being routed.
 */
final class RiverJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RiverJobRunner.class);

    /** Writes a finished job's REPLY; called on the I/O thread only. */
    interface ReplyWriter {
        void reply(RiverJob job);
    }

    private final ZeroMQConsumer consumer;
    private final ZeroMQCounters counters;
    private final IoWakeup wakeup;
    private final ReplyWriter writer;
    private final int slots;
    private final int backlogLimit;
    private final String worker;
    private final String quotedWorker;
    private final Set<String> models;
    private final ConcurrentLinkedQueue<RiverJob> finished = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<RiverJob> backlog = new ArrayDeque<>();
    private ExecutorService pool;
    private int running;

    RiverJobRunner(ZeroMQConsumer consumer, IoWakeup wakeup, String worker, Set<String> models, ReplyWriter writer) {
        ZeroMQEndpoint endpoint = consumer.getEndpoint();
        this.consumer = consumer;
        this.counters = endpoint.getCounters();
        this.wakeup = wakeup;
        this.writer = writer;
        this.slots = Math.max(1, endpoint.getConfiguration().getSlots());
        this.backlogLimit = Math.max(0, endpoint.getConfiguration().getBacklog());
        this.worker = worker;
        this.quotedWorker = worker == null ? null : RiverJson.quote(worker);
        this.models = models;
    }

    /** Comma-separated model names as a set; null (any model) when empty. */
    static Set<String> parseModels(String list) {
        if (list == null || list.isBlank()) {
            return null;
        }
        Set<String> set = new HashSet<>();
        for (String m : list.split(",")) {
            if (!m.isBlank()) {
                set.add(m.strip());
            }
        }
        return set.isEmpty() ? null : set;
    }

    void start() {
        pool = consumer.getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "ZeroMQJob", slots);
    }

    void stop() {
        if (pool != null) {
            consumer.getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(pool);
            pool = null;
        }
    }

    // ---- I/O thread --------------------------------------------------------------------------------------------

    /** Exchanges currently being routed (including ones from a replaced connection). */
    int running() {
        return running;
    }

    /** Jobs received but not started yet (all slots busy). */
    int waiting() {
        return backlog.size();
    }

    /** Starts the job now if a slot is free, else keeps it in the backlog (or answers OVERLOADED when that is full). */
    void submit(RiverJob job, long now) {
        if (running < slots) {
            run(job, now);
        } else if (backlog.size() < backlogLimit) {
            backlog.add(job);
        } else {
            counters.rejected.increment();
            writer.reply(job.fail(RiverProtocol.STATUS_OVERLOADED, "worker backlog full", worker));
        }
    }

    /** Writes the replies of finished exchanges and starts waiting jobs in the freed slots. */
    void collect(long now, int generation) {
        RiverJob job;
        while ((job = finished.poll()) != null) {
            running--;
            counters.inFlight.decrementAndGet();
            if (job.generation == generation) {
                writer.reply(job);
            } else {
                counters.abandoned.increment();
            }
        }
        while (running < slots && !backlog.isEmpty()) {
            run(backlog.poll(), now);
        }
    }

    /** Forgets jobs that have not started (their connection is gone; the broker has handled them). */
    void clearBacklog() {
        counters.abandoned.add(backlog.size());
        backlog.clear();
    }

    private void run(RiverJob job, long now) {
        if (job.deadline > 0 && job.deadline <= now) {
            counters.expired.increment();
            writer.reply(job.fail(RiverProtocol.STATUS_EXPIRED, "deadline passed before the request could run", worker));
            return;
        }
        if (models != null && !models.contains(job.model)) {
            counters.rejected.increment();
            writer.reply(job.fail(RiverProtocol.STATUS_UNKNOWN_MODEL, "model not served here: " + job.model, worker));
            return;
        }
        running++;
        counters.inFlight.incrementAndGet();
        pool.execute(() -> route(job));
    }

    // ---- pool / completion threads ------------------------------------------------------------------------------

    private void route(RiverJob job) {
        Exchange exchange = consumer.createExchange(false);
        try {
            exchange.setPattern(ExchangePattern.InOut);
            Message in = exchange.getIn();
            in.setBody(job.payload);
            in.setHeader(ZeroMQConstants.MODEL, job.model);
            in.setHeader(ZeroMQConstants.DEADLINE, job.deadline);
            in.setHeader(ZeroMQConstants.METADATA, job.metadata);
            in.setHeader(ZeroMQConstants.REQUEST_ID, RiverFrames.hex(job.id));
            consumer.getAsyncProcessor().process(exchange, doneSync -> finish(job, exchange));
        } catch (Throwable t) {
            exchange.setException(t);
            finish(job, exchange);
        }
    }

    private void finish(RiverJob job, Exchange exchange) {
        try {
            fillReply(job, exchange);
        } catch (Throwable t) {
            counters.errors.increment();
            job.fail(RiverProtocol.STATUS_ERROR, "reply could not be built: " + t.getMessage(), worker);
        } finally {
            consumer.releaseExchange(exchange, false);
        }
        finished.offer(job);
        wakeup.wake();
    }

    private void fillReply(RiverJob job, Exchange exchange) throws Exception {
        Exception failure = exchange.getException();
        if (failure != null) {
            counters.errors.increment();
            String reason = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
            LOG.debug("RIVER/1 job {} failed: {}", RiverFrames.hex(job.id), reason);
            job.fail(RiverProtocol.STATUS_ERROR, reason, worker);
            return;
        }
        Message out = exchange.getMessage();
        String status = out.getHeader(ZeroMQConstants.STATUS, String.class);
        job.status = status == null || status.isEmpty()
                ? RiverFrames.STATUS_OK : status.getBytes(StandardCharsets.US_ASCII);
        if (status != null && !RiverProtocol.STATUS_OK.equals(status)) {
            counters.errors.increment();
        }
        Object metadata = out.getHeader(ZeroMQConstants.METADATA);
        // the request's metadata is still in the header unless the route replaced it: never echo it back
        String json = metadata == null || metadata == job.metadata ? "{}" : metadata.toString();
        if (quotedWorker != null) {
            json = RiverJson.withWorker(json, quotedWorker);
        }
        job.replyMetadata = RiverFrames.utf8(json);
        job.replyPayload = ZeroMQPayloads.toBytes(exchange, out.getBody());
    }
}
