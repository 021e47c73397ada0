package dev.river.serve.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.river.component.rtp.RtpConstants;
import dev.river.component.zeromq.ZeroMQConstants;
import dev.river.serve.media.MediaHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Makes the one result message per frame (outgoing RTP timestamp, frame index, detections in frame pixels, model,
 * timings, status) the moment its fate is known, counts the status on the session, frees the session's in-flight
 * slot and hands the JSON to the listeners (the results WebSocket). Counts every frame's {@link InferenceOutcome}
 * for the whole service (sessions come and go, these totals do not) and hands the inference and end-to-end latency
 * of each result to the observers set by the metrics (no-ops otherwise).
 */
public class ResultPublisher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LongConsumer NOBODY = nanos -> {
    };

    private final SessionRegistry sessions;
    private final CopyOnWriteArrayList<ResultListener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder[] outcomes = new LongAdder[InferenceOutcome.values().length];
    private volatile LongConsumer inferenceLatency = NOBODY;
    private volatile LongConsumer endToEndLatency = NOBODY;

    public ResultPublisher(SessionRegistry sessions) {
        this.sessions = sessions;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
        sessions.addEndListener((id, reason) -> {
            String json = "{\"type\":\"ended\",\"session\":" + quote(id) + ",\"reason\":" + quote(reason) + "}";
            for (ResultListener l : listeners) {
                l.ended(id, json);
            }
        });
    }

    public void addListener(ResultListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ResultListener listener) {
        listeners.remove(listener);
    }

    /** Frames of all sessions, ever, whose fate was {@code outcome}. */
    public long outcomes(InferenceOutcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    /** Receives each result's request-sent to result-received time (ns). */
    public void setInferenceLatencyObserver(LongConsumer observer) {
        this.inferenceLatency = observer == null ? NOBODY : observer;
    }

    /** Receives each result's first-packet-arrival to published time (ns). */
    public void setEndToEndLatencyObserver(LongConsumer observer) {
        this.endToEndLatency = observer == null ? NOBODY : observer;
    }

    /** A zeromq: client reply arrived (any status: the endpoint runs with throwOnErrorStatus=false). */
    public void reply(Exchange exchange) {
        Message in = exchange.getMessage();
        ServeSession session = sessions.get(in.getHeader(RtpConstants.STREAM_ID, String.class));
        if (session != null) {
            session.release();
        }
        String status = in.getHeader(ZeroMQConstants.STATUS, "ERROR", String.class);
        JsonNode payload = null;
        String error = null;
        if ("OK".equals(status)) {
            try {
                payload = JSON.readTree(in.getBody(byte[].class));
            } catch (java.io.IOException | RuntimeException e) {
                error = "unreadable result: " + e.getMessage();
            }
        } else {
            error = errorOf(status, in.getHeader(ZeroMQConstants.METADATA, String.class));
        }
        FrameStatus fate;
        InferenceOutcome outcome;
        if (payload != null) {
            fate = onTime(in) ? FrameStatus.ontime : FrameStatus.late;
            outcome = fate == FrameStatus.ontime ? InferenceOutcome.ontime : InferenceOutcome.late;
        } else if ("EXPIRED".equals(status)) {
            fate = FrameStatus.late;
            outcome = InferenceOutcome.expired;
        } else {
            fate = FrameStatus.error;
            outcome = InferenceOutcome.error;
        }
        publish(session, in, fate, outcome, payload, error, status);
    }

    /** The frame was shed (too many requests in flight). */
    public void skipped(Exchange exchange) {
        Message in = exchange.getMessage();
        publish(sessions.get(in.getHeader(RtpConstants.STREAM_ID, String.class)), in, FrameStatus.skipped,
                InferenceOutcome.skipped, null, "shed: too many inference requests in flight", null);
    }

    /** The request failed without a reply (timeout, broker unreachable, bad frame): routeConfiguration calls this. */
    public void failed(Exchange exchange) {
        Message in = exchange.getMessage();
        if (in.getHeader(ServeHeaders.FRAME_INDEX) == null) {
            return; // not a frame exchange: nothing to tell the viewer
        }
        ServeSession session = sessions.get(in.getHeader(RtpConstants.STREAM_ID, String.class));
        if (session != null && in.getHeader(ServeHeaders.SENT_NANOS) != null) {
            session.release();
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String error = cause == null ? "failed" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        boolean timedOut = cause instanceof org.apache.camel.ExchangeTimedOutException;
        publish(session, in, timedOut ? FrameStatus.late : FrameStatus.error,
                timedOut ? InferenceOutcome.expired : InferenceOutcome.error, null, error, null);
    }

    private static boolean onTime(Message in) {
        long arrival = in.getHeader(MediaHeaders.FIRST_ARRIVAL_MILLIS, 0L, Long.class);
        long delay = in.getHeader(ServeHeaders.DELAY_MILLIS, 0L, Long.class);
        return System.currentTimeMillis() <= arrival + delay;
    }

    private void publish(ServeSession session, Message in, FrameStatus fate, InferenceOutcome outcome, JsonNode payload,
                         String error, String inferenceStatus) {
        if (session == null) {
            return; // the session ended meanwhile
        }
        session.count(fate);
        outcomes[outcome.ordinal()].increment();
        long now = System.nanoTime();
        ObjectNode out = JSON.createObjectNode();
        out.put("type", "result");
        out.put("session", session.id());
        out.put("frameIndex", in.getHeader(ServeHeaders.FRAME_INDEX, 0L, Long.class));
        out.put("rtpTimestamp", in.getHeader(ServeHeaders.OUTGOING_TIMESTAMP, 0L, Long.class));
        out.put("status", fate.name());
        out.put("model", session.model());
        out.put("width", in.getHeader(MediaHeaders.SOURCE_WIDTH, 0, Integer.class));
        out.put("height", in.getHeader(MediaHeaders.SOURCE_HEIGHT, 0, Integer.class));
        long arrivalMillis = in.getHeader(MediaHeaders.FIRST_ARRIVAL_MILLIS, 0L, Long.class);
        out.put("arrivalMillis", arrivalMillis);
        out.put("releaseMillis", arrivalMillis + in.getHeader(ServeHeaders.DELAY_MILLIS, 0L, Long.class));
        if (payload != null) {
            out.put("worker", payload.path("worker").asText(""));
            out.set("detections", payload.path("detections").isMissingNode()
                    ? JSON.createArrayNode() : payload.get("detections"));
        } else {
            out.set("detections", JSON.createArrayNode());
        }
        if (error != null) {
            out.put("error", error);
        }
        if (inferenceStatus != null) {
            out.put("inferenceStatus", inferenceStatus);
        }
        ObjectNode timings = out.putObject("timings");
        Long last = in.getHeader(MediaHeaders.LAST_ARRIVAL_NANOS, Long.class);
        Long decoded = in.getHeader(MediaHeaders.DECODED_NANOS, Long.class);
        Long sent = in.getHeader(ServeHeaders.SENT_NANOS, Long.class);
        Long first = in.getHeader(MediaHeaders.FIRST_ARRIVAL_NANOS, Long.class);
        if (last != null && decoded != null) {
            timings.put("decodeMs", ms(decoded - last));
        }
        if (sent != null && fate != FrameStatus.skipped) {
            double roundTrip = ms(now - sent);
            double work = 0;
            if (payload != null) {
                JsonNode t = payload.path("timings");
                work = t.path("preprocessMs").asDouble() + t.path("inferenceMs").asDouble()
                       + t.path("postprocessMs").asDouble();
                session.inference().record(now - sent);
                inferenceLatency.accept(now - sent);
            }
            timings.put("queueMs", round(Math.max(0, roundTrip - work)));
            timings.put("inferenceMs", round(work));
            timings.put("roundTripMs", roundTrip);
        }
        if (first != null) {
            timings.put("totalMs", ms(now - first));
            if (payload != null) {
                endToEndLatency.accept(now - first);
            }
        }
        String json;
        try {
            json = JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            return;
        }
        for (ResultListener l : listeners) {
            l.result(session.id(), json);
        }
    }

    private static String errorOf(String status, String metadata) {
        String reason = null;
        if (metadata != null) {
            try {
                reason = JSON.readTree(metadata.getBytes(StandardCharsets.UTF_8)).path("error").asText(null);
            } catch (java.io.IOException e) {
                // keep the status alone
            }
        }
        String base = switch (status) {
            case "NO_WORKER" -> "no worker serves the model";
            case "UNKNOWN_MODEL" -> "no worker serves the model";
            case "EXPIRED" -> "the result could not be made before the frame was shown";
            case "OVERLOADED" -> "the broker is overloaded";
            case "WORKER_LOST" -> "the worker was lost";
            default -> "inference failed";
        };
        return reason == null ? base : base + " (" + reason + ")";
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            return "\"\"";
        }
    }
}
