package dev.river.component.webrtc.srtp;

import java.util.Arrays;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A growable packet view for jitsi-srtp: {@link #grow(int)} keeps room for the authentication tag and SRTCP index
 * that protecting appends, which jitsi's own buffers assume is already there.
 */
public final class PacketBuffer implements ByteArrayBuffer {

    /** Room kept after a packet for an SRTP tag (up to 16 bytes) plus the SRTCP index (4 bytes). */
    public static final int TRAILER_ROOM = 32;

    private byte[] buffer;
    private int offset;
    private int length;

    public PacketBuffer(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /** A copy of the packet with trailer room, ready to be protected. */
    public static PacketBuffer copyOf(byte[] packet, int offset, int length) {
        byte[] b = new byte[length + TRAILER_ROOM];
        System.arraycopy(packet, offset, b, 0, length);
        return new PacketBuffer(b, 0, length);
    }

    public byte[] toByteArray() {
        return Arrays.copyOfRange(buffer, offset, offset + length);
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        this.length = len;
    }

    @Override
    public void setOffset(int off) {
        this.offset = off;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuff) {
        System.arraycopy(buffer, offset + off, outBuff, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            buffer = Arrays.copyOf(buffer, offset + length + howMuch + TRAILER_ROOM);
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
