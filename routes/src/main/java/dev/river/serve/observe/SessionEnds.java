package dev.river.serve.observe;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import dev.river.serve.pipeline.SessionRegistry;

/**
 * Counts ended sessions by a small, fixed set of reasons (a metric label must not take free text): registered as an
 * end listener of the {@link SessionRegistry}, so a session is counted once, when it ends.
 */
public final class SessionEnds implements BiConsumer<String, String> {

    /** Why sessions end, as the {@code reason} label of {@code river_sessions_ended_total}. */
    public enum Reason {
        /** river-serve stopped while the session was open. */
        shutdown,
        /** No packets for the idle timeout. */
        idle,
        /** The publisher ended it (WHIP DELETE). */
        deleted,
        /** The browser stopped answering ICE consent checks. */
        consent_expired,
        /** ICE/DTLS did not complete in time. */
        connect_timeout,
        /** Anything else. */
        other
    }

    private final LongAdder[] counts = new LongAdder[Reason.values().length];

    public SessionEnds() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    @Override
    public void accept(String session, String reason) {
        counts[classify(reason).ordinal()].increment();
    }

    public long count(Reason reason) {
        return counts[reason.ordinal()].sum();
    }

    /** The label of a SessionRegistry or webrtc: end reason. */
    static Reason classify(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.equals(SessionRegistry.SHUTDOWN) || r.equals("server stopped")) {
            return Reason.shutdown;
        } else if (r.startsWith("no packets")) {
            return Reason.idle;
        } else if (r.startsWith("delete")) {
            return Reason.deleted;
        } else if (r.startsWith("consent expired")) {
            return Reason.consent_expired;
        } else if (r.contains("not completed in time")) {
            return Reason.connect_timeout;
        }
        return Reason.other;
    }
}
