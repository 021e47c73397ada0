package dev.river.serve.media;

import java.util.Arrays;

/**
 * A byte array that grows by doubling and is reused, so that building one access unit after another costs no
 * allocation once the largest frame has been seen.
 */
final class GrowableBuffer {

    private byte[] data;
    private int length;

    GrowableBuffer(int initialCapacity) {
        data = new byte[initialCapacity];
    }

    byte[] data() {
        return data;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** Forgets everything after {@code newLength} (roll back of a half-appended packet). */
    void truncate(int newLength) {
        length = newLength;
    }

    void append(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, data, length, count);
        length += count;
    }

    void append(byte value) {
        ensure(1);
        data[length++] = value;
    }

    /** The 4-byte Annex-B start code 00 00 00 01. */
    void appendStartCode() {
        ensure(4);
        data[length] = 0;
        data[length + 1] = 0;
        data[length + 2] = 0;
        data[length + 3] = 1;
        length += 4;
    }

    void set(byte[] source, int offset, int count) {
        length = 0;
        append(source, offset, count);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, length);
    }

    private void ensure(int extra) {
        int needed = length + extra;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
    }
}
