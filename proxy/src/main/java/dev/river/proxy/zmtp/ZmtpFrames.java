package dev.river.proxy.zmtp;

/**
 * ZMTP 3 frame flag bits (spec 23): MORE (another frame of the same message follows), LONG (8-byte size instead
 * of 1), COMMAND (a command, not message data).
 */
final class ZmtpFrames {

    static final byte MORE = 0x01;
    static final byte LONG = 0x02;
    static final byte COMMAND = 0x04;
    /** Largest body a short frame can carry. */
    static final int SHORT_MAX = 255;

    private ZmtpFrames() {
    }
}
