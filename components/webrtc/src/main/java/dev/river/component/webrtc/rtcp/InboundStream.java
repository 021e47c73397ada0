package dev.river.component.webrtc.rtcp;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reception state of one incoming RTP stream: extended sequence numbers, interarrival jitter and loss for receiver
 * reports (RFC 3550 appendix A), and the set of missing packets to NACK (RFC 4585), retried a few times and then
 * given up. The receive thread feeds packets, the RTCP timer reads reports; both under this object's lock.
 */
public final class InboundStream {

    private static final int MAX_GAP = 512;
    private static final int MAX_MISSING = 1024;
    private static final long NACK_INTERVAL_NANOS = 40_000_000L;
    private static final int NACK_RETRIES = 5;
    private static final long GIVE_UP_NANOS = 1_000_000_000L;

    private final long ssrc;
    private final int clockRate;
    private final long startNanos;
    private boolean started;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;
    private long lastTransit;
    private boolean haveTransit;
    private long lastSrMiddle;
    private long lastSrNanos;
    private long recovered;
    private long nacked;
    private long givenUp;
    private final TreeMap<Long, long[]> missing = new TreeMap<>();

    public InboundStream(long ssrc, int clockRate, long nowNanos) {
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        this.startNanos = nowNanos;
    }

    public long ssrc() {
        return ssrc;
    }

    /** Records a packet; returns true if it fills a gap that was being NACKed (a recovered packet). */
    public synchronized boolean onPacket(int seq, long rtpTimestamp, long arrivalNanos) {
        boolean wasMissing = false;
        if (!started) {
            started = true;
            maxSeq = seq;
            baseSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta == 0) {
                return false;
            } else if (delta < 0x8000) {
                if (seq < maxSeq) {
                    cycles += 0x10000;
                }
                long ext = cycles + seq;
                if (delta > 1 && delta <= MAX_GAP) {
                    for (long m = ext - delta + 1; m < ext; m++) {
                        if (missing.size() >= MAX_MISSING) {
                            missing.pollFirstEntry();
                        }
                        missing.put(m, new long[] { arrivalNanos, 0L, 0L });
                    }
                } else if (delta > MAX_GAP) {
                    missing.clear();
                }
                maxSeq = seq;
            } else {
                // late packet: a retransmission or reordering
                long ext = cycles + seq - (seq > maxSeq ? 0x10000 : 0);
                wasMissing = missing.remove(ext) != null;
                if (wasMissing) {
                    recovered++;
                }
            }
        }
        received++;
        long arrivalUnits = (arrivalNanos - startNanos) * clockRate / 1_000_000_000L;
        long transit = arrivalUnits - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
        return wasMissing;
    }

    /** The sequence numbers to NACK now; entries older than a second or NACKed too often are given up. */
    public synchronized int[] nacksDue(long nowNanos) {
        if (missing.isEmpty()) {
            return new int[0];
        }
        int[] due = new int[missing.size()];
        int n = 0;
        Iterator<Map.Entry<Long, long[]>> it = missing.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, long[]> e = it.next();
            long[] state = e.getValue();
            if (nowNanos - state[0] > GIVE_UP_NANOS || state[2] >= NACK_RETRIES) {
                it.remove();
                givenUp++;
                continue;
            }
            if (state[1] == 0 || nowNanos - state[1] >= NACK_INTERVAL_NANOS) {
                state[1] = nowNanos;
                state[2]++;
                due[n++] = (int) (e.getKey() & 0xFFFF);
            }
        }
        nacked += n;
        return java.util.Arrays.copyOf(due, n);
    }

    public synchronized void onSenderReport(long ntpMiddle32, long nowNanos) {
        lastSrMiddle = ntpMiddle32;
        lastSrNanos = nowNanos;
    }

    /** The report block for the next receiver report (resets the fraction-lost interval). */
    public synchronized RtcpPackets.ReportBlock reportBlock(long nowNanos) {
        long extendedMax = cycles + maxSeq;
        long expected = extendedMax - baseSeq + 1;
        long lost = expected - received;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = lastSrNanos == 0 ? 0 : (nowNanos - lastSrNanos) * 65536 / 1_000_000_000L;
        return new RtcpPackets.ReportBlock(ssrc, Math.min(fraction, 255), (int) lost, extendedMax & 0xFFFFFFFFL,
                (long) jitter, lastSrMiddle, dlsr);
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long recovered() {
        return recovered;
    }

    public synchronized long nacked() {
        return nacked;
    }

    public synchronized long givenUp() {
        return givenUp;
    }
}
