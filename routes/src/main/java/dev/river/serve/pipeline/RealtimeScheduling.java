package dev.river.serve.pipeline;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;

/**
 * Puts the calling thread under Linux's real-time FIFO scheduling. The delay-resequencer's release thread sleeps
 * until a packet is due and must run the moment it wakes; under the fair scheduler a woken thread can wait for the
 * thread that holds its core to use up its slice (milliseconds when decode and inference keep both cores busy), which
 * is what made release lateness miss 2 ms at eight streams with inference. A SCHED_FIFO thread preempts every normal
 * thread at once. Needs CAP_SYS_NICE (root has it) or an RTPRIO limit; without it the thread stays as it was and the
 * outcome says why.
 */
public final class RealtimeScheduling {

    static final int SCHED_FIFO = 1;
    private static final int EPERM = 1;
    private static final int EINVAL = 22;

    private RealtimeScheduling() {
    }

    /**
     * Gives the calling thread SCHED_FIFO at {@code priority} (1-99); 0 leaves it alone.
     *
     * @return what the thread runs under now, one line for the log and /api/status
     */
    public static Outcome applyToCurrentThread(int priority) {
        if (priority == 0) {
            return new Outcome(false, "normal scheduling (river.serve.release.realtime-priority=0)");
        }
        if (!Platform.isLinux()) {
            return new Outcome(false, "normal scheduling (SCHED_FIFO needs Linux)");
        }
        try {
            LibC.sched_setscheduler(0, SCHED_FIFO, new SchedParam(priority));
            int policy = LibC.sched_getscheduler(0);
            return policy == SCHED_FIFO
                    ? new Outcome(true, "SCHED_FIFO priority " + priority)
                    : new Outcome(false, "normal scheduling (the kernel kept policy " + policy + ")");
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EPERM) {
                return new Outcome(false, "normal scheduling: SCHED_FIFO not permitted (grant CAP_SYS_NICE or an RTPRIO "
                                          + "limit of at least " + priority + ", e.g. systemd LimitRTPRIO=" + priority + ")");
            }
            return new Outcome(false, "normal scheduling: sched_setscheduler failed with errno " + e.getErrorCode()
                                      + (e.getErrorCode() == EINVAL ? " (invalid priority " + priority + ")" : ""));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return new Outcome(false, "normal scheduling: no native access (" + e.getMessage() + ")");
        }
    }

    /** Whether the thread got real-time scheduling, and a one-line description. */
    public record Outcome(boolean realtime, String description) {
    }

    /** struct sched_param. */
    @Structure.FieldOrder("sched_priority")
    public static final class SchedParam extends Structure {
        public int sched_priority;

        SchedParam(int priority) {
            this.sched_priority = priority;
        }
    }

    /** The two libc calls, bound directly (no per-call reflection). */
    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int sched_setscheduler(int pid, int policy, SchedParam param) throws LastErrorException;

        static native int sched_getscheduler(int pid) throws LastErrorException;
    }
}
