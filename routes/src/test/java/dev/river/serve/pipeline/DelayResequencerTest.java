package dev.river.serve.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.river.component.rtp.RtpConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@link DelayResequencer} in a plain CamelContext, releasing into a {@code direct:} egress whose route
 * records each packet with its session and {@code System.nanoTime()} at release. No wall-clock assertions: only order,
 * "never before arrival + N" (same monotonic clock as the arrival stamps), counters and state sizes. Packets are held
 * before the releaser starts, so the order of release never depends on how fast this thread runs.
 */
class DelayResequencerTest {

    private static final String EGRESS = "direct:egress";
    private static final long DELAY_MS = 200;

    record Released(String session, int seq, long nanos) {
    }

    private CamelContext context;
    private DelayResequencer resequencer;
    private final List<Released> released = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(EGRESS).process(e -> {
                    byte[] p = e.getIn().getBody(byte[].class);
                    released.add(new Released(e.getIn().getHeader(RtpConstants.STREAM_ID, String.class),
                            ((p[2] & 0xFF) << 8) | (p[3] & 0xFF), System.nanoTime()));
                });
            }
        });
        context.start();
        resequencer = new DelayResequencer();
        resequencer.setCamelContext(context);
        resequencer.setDelayMillis(DELAY_MS);
    }

    @AfterEach
    void tearDown() {
        resequencer.stop();
        context.stop();
    }

    private static byte[] packet(int seq, int size) {
        byte[] p = new byte[size];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        return p;
    }

    /** Holds a packet that arrived at {@code arrivalNanos}; returns that arrival. */
    private long hold(String session, int seq, int size, long arrivalNanos) {
        Exchange e = new DefaultExchange(context);
        e.getIn().setBody(packet(seq, size));
        e.getIn().setHeader(RtpConstants.STREAM_ID, session);
        e.getIn().setHeader(RtpConstants.ARRIVAL_NANOS, arrivalNanos);
        e.getIn().setHeader(ServeHeaders.EGRESS, EGRESS);
        resequencer.hold(e);
        return arrivalNanos;
    }

    private void awaitReleased(int n) throws InterruptedException {
        // bounds the test only; never the measured quantity
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (released.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, released.size(), "released packets: " + released);
    }

    private List<Integer> seqs(String session) {
        List<Integer> s = new ArrayList<>();
        for (Released r : released) {
            if (r.session().equals(session)) {
                s.add(r.seq());
            }
        }
        return s;
    }

    @Test
    void reorderedInputIsReleasedInSequenceOrderAndDuplicatesOnce() throws Exception {
        long now = System.nanoTime();
        for (int seq : new int[] {5, 3, 4, 1, 2, 3, 6, 0}) {
            hold("a", seq, 100, now);
        }
        assertEquals(7, resequencer.heldPackets("a"));
        assertEquals(1L, resequencer.statistics().get("duplicates"));
        resequencer.start();
        awaitReleased(7);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), seqs("a"));
    }

    @Test
    void sequenceNumbersWrapAroundIn16Bits() throws Exception {
        long now = System.nanoTime();
        for (int seq : new int[] {65534, 1, 65535, 0, 2}) {
            hold("w", seq, 100, now);
        }
        resequencer.start();
        awaitReleased(5);
        assertEquals(List.of(65534, 65535, 0, 1, 2), seqs("w"));
    }

    @Test
    void noPacketIsReleasedBeforeItsArrivalPlusTheDelay() throws Exception {
        resequencer.start();
        List<Long> targets = new ArrayList<>();
        for (int seq = 0; seq < 20; seq++) {
            long arrival = hold("n", seq, 100, System.nanoTime());
            targets.add(arrival + TimeUnit.MILLISECONDS.toNanos(DELAY_MS));
            Thread.sleep(2);
        }
        awaitReleased(20);
        for (Released r : released) {
            assertTrue(r.nanos() >= targets.get(r.seq()), "packet " + r.seq() + " released "
                    + (targets.get(r.seq()) - r.nanos()) / 1e6 + " ms early");
        }
        assertEquals(List.copyOf(seqs("n")), java.util.stream.IntStream.range(0, 20).boxed().toList());
        assertEquals(20L, resequencer.getReleased());
        assertTrue(resequencer.getLateness().count() >= 20, "lateness recorded for every release");
    }

    @Test
    void theReleaseThreadRunsUnderFifoSchedulingWhenThisProcessMay() throws Exception {
        int fifoBefore = fifoThreadsInThisJvm();
        resequencer.start();
        hold("rt", 1, 100, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(DELAY_MS));
        awaitReleased(1);

        boolean permitted = hasCapSysNice();
        assertEquals(permitted, resequencer.getReleaseScheduling().realtime(),
                resequencer.getReleaseScheduling().description());
        assertEquals(permitted ? 1 : 0, fifoThreadsInThisJvm() - fifoBefore, "SCHED_FIFO threads in /proc/self/task");
        assertEquals(resequencer.getReleaseScheduling().description(), resequencer.statistics().get("releaseThread"));
    }

    @Test
    void priorityZeroLeavesTheReleaseThreadUnderNormalScheduling() throws Exception {
        int fifoBefore = fifoThreadsInThisJvm();
        resequencer.setRealtimePriority(0);
        resequencer.start();
        hold("nrt", 1, 100, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(DELAY_MS));
        awaitReleased(1);

        assertFalse(resequencer.getReleaseScheduling().realtime());
        assertEquals(0, fifoThreadsInThisJvm() - fifoBefore);
    }

    /** Threads of this JVM whose scheduling policy (field 41 of /proc/self/task/TID/stat) is SCHED_FIFO. */
    private static int fifoThreadsInThisJvm() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Integer.parseInt(fields[41 - 3]) == RealtimeScheduling.SCHED_FIFO) {
                        n++;
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended while we listed
                }
            }
        }
        return n;
    }

    /** CAP_SYS_NICE (bit 23) in this process's effective capabilities. */
    private static boolean hasCapSysNice() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 23)) != 0;
            }
        }
        return false;
    }

    @Test
    void aPerSessionDelayHeaderIsHonoured() throws Exception {
        resequencer.start();
        Exchange e = new DefaultExchange(context);
        e.getIn().setBody(packet(7, 100));
        long arrival = System.nanoTime();
        e.getIn().setHeader(RtpConstants.STREAM_ID, "d");
        e.getIn().setHeader(RtpConstants.ARRIVAL_NANOS, arrival);
        e.getIn().setHeader(ServeHeaders.EGRESS, EGRESS);
        e.getIn().setHeader(ServeHeaders.DELAY_MILLIS, 400L);
        resequencer.hold(e);
        awaitReleased(1);
        assertTrue(released.get(0).nanos() >= arrival + TimeUnit.MILLISECONDS.toNanos(400), "held for its own N");
    }

    @Test
    void pastThePacketCapPacketsAreDroppedAndCounted() throws Exception {
        resequencer.setMaxPacketsPerSession(4);
        long now = System.nanoTime();
        for (int seq = 0; seq < 10; seq++) {
            hold("cap", seq, 100, now);
        }
        assertEquals(4, resequencer.heldPackets("cap"));
        assertEquals(6, resequencer.getDropped());
        resequencer.start();
        awaitReleased(4);
        assertEquals(List.of(0, 1, 2, 3), seqs("cap"));
    }

    @Test
    void pastTheByteCapPacketsAreDroppedAndCounted() {
        resequencer.setMaxBytesPerSession(1000);
        long now = System.nanoTime();
        for (int seq = 0; seq < 5; seq++) {
            hold("bytes", seq, 400, now);
        }
        assertEquals(2, resequencer.heldPackets("bytes"));
        assertEquals(3, resequencer.getDropped());
        assertEquals(800L, resequencer.statistics().get("heldBytes"));
    }

    @Test
    void theBufferIsSizedForNTimesTheBitrate() {
        // 200 ms x 40 kbit/s = 1000 bytes, below the 16 MiB hard cap
        resequencer.setMaxBitrate(40_000);
        long now = System.nanoTime();
        for (int seq = 0; seq < 5; seq++) {
            hold("rate", seq, 300, now);
        }
        assertEquals(3, resequencer.heldPackets("rate"));
        assertEquals(2, resequencer.getDropped());
    }

    @Test
    void sessionsAreIsolated() throws Exception {
        resequencer.setMaxPacketsPerSession(3);
        long now = System.nanoTime();
        for (int seq = 0; seq < 10; seq++) {
            hold("full", seq, 100, now);
        }
        for (int seq : new int[] {102, 100, 101}) {
            hold("other", seq, 100, now);
        }
        assertEquals(3, resequencer.heldPackets("full"));
        assertEquals(3, resequencer.heldPackets("other"), "a full session takes nothing from another");
        assertEquals(2, resequencer.getSessionCount());
        resequencer.start();
        awaitReleased(6);
        assertEquals(List.of(0, 1, 2), seqs("full"));
        assertEquals(List.of(100, 101, 102), seqs("other"), "each session in its own sequence order");
    }

    @Test
    void endingASessionFreesItsStateAndLeavesOthersAlone() throws Exception {
        long now = System.nanoTime();
        for (int seq = 0; seq < 50; seq++) {
            hold("gone", seq, 1000, now);
            hold("kept", seq, 100, now);
        }
        resequencer.endSession("gone");
        assertEquals(0, resequencer.heldPackets("gone"));
        assertEquals(1, resequencer.getSessionCount());
        assertEquals(50L, resequencer.statistics().get("discarded"));
        assertEquals(5000L, resequencer.statistics().get("heldBytes"), "only the kept session's bytes remain");
        resequencer.start();
        awaitReleased(50);
        assertTrue(seqs("gone").isEmpty(), "nothing of an ended session is released");
        // a new stream under the same id starts from scratch (a fresh lane, no old sequence state)
        hold("gone", 40_000, 100, System.nanoTime());
        awaitReleased(51);
        assertEquals(List.of(40_000), seqs("gone"));
    }

    @Test
    void malformedPacketsAreCountedNotHeld() {
        Exchange e = new DefaultExchange(context);
        e.getIn().setBody(new byte[5]);
        e.getIn().setHeader(RtpConstants.STREAM_ID, "m");
        e.getIn().setHeader(ServeHeaders.EGRESS, EGRESS);
        resequencer.hold(e);
        assertEquals(1L, resequencer.statistics().get("malformed"));
        assertEquals(0, resequencer.getSessionCount());
    }
}
