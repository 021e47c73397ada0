package dev.river.worker.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * A small streaming JSON writer into a reusable byte buffer, for the per-frame result documents. It writes
 * exactly what Jackson's generator writes for the same calls (compact, fields in call order, the same
 * string escapes, doubles in their shortest form), but without per-frame generator, context and
 * {@code String} objects. Numbers are written from their rounded integer form ({@link #fixedField}):
 * a double {@code k / 10^decimals} prints as that decimal. Anything unusual (non-ASCII or escaped
 * characters, magnitudes where Java switches to E notation) goes through Jackson's own encoders.
 * Not thread safe: one per thread, {@link #reset()} per document.
 */
public final class JsonOut {

    private static final long[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000};

    private final JsonFactory factory;
    private byte[] buf = new byte[1024];
    private int len;
    /** Whether the next value in the current object/array needs a comma before it. */
    private boolean comma;

    public JsonOut(JsonFactory factory) {
        this.factory = factory;
    }

    public JsonOut reset() {
        len = 0;
        comma = false;
        return this;
    }

    public int length() {
        return len;
    }

    /** A copy of the bytes from {@code from} to the end. */
    public byte[] toByteArray(int from) {
        return Arrays.copyOfRange(buf, from, len);
    }

    /** The bytes from {@code from} to the end as a string (UTF-8). */
    public String toString(int from) {
        return new String(buf, from, len - from, StandardCharsets.UTF_8);
    }

    public JsonOut startObject() {
        separate();
        put((byte) '{');
        comma = false;
        return this;
    }

    public JsonOut endObject() {
        put((byte) '}');
        comma = true;
        return this;
    }

    public JsonOut startArray() {
        separate();
        put((byte) '[');
        comma = false;
        return this;
    }

    public JsonOut endArray() {
        put((byte) ']');
        comma = true;
        return this;
    }

    /** {@code "name":} before an object or array value. */
    public JsonOut field(String name) {
        separate();
        string(name);
        put((byte) ':');
        comma = false;
        return this;
    }

    public JsonOut stringField(String name, String value) {
        field(name);
        string(value);
        comma = true;
        return this;
    }

    public JsonOut intField(String name, int value) {
        field(name);
        integer(value);
        comma = true;
        return this;
    }

    /**
     * {@code "name":} and the double {@code units / 10^decimals}, as Jackson writes that double (e.g.
     * {@code Math.round(v * 100)} with 2 decimals gives {@code 178.06}, {@code 3.0}, {@code -0.5}).
     */
    public JsonOut fixedField(String name, long units, int decimals) {
        field(name);
        fixed(units, decimals);
        comma = true;
        return this;
    }

    /** Appends fields written by Jackson (for outputs that only know {@link JsonGenerator}). */
    public JsonOut jacksonFields(DecodedOutput output) throws IOException {
        ByteArrayOutputStream tmp = new ByteArrayOutputStream(256);
        try (JsonGenerator json = factory.createGenerator(tmp)) {
            json.writeStartObject();
            output.writeFields(json);
            json.writeEndObject();
        }
        byte[] b = tmp.toByteArray();
        // b is {fields}: splice the fields into the current object
        if (b.length > 2) {
            separate();
            put(b, 1, b.length - 2);
            comma = true;
        }
        return this;
    }

    private void separate() {
        if (comma) {
            put((byte) ',');
        }
    }

    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        int p = len;
        byte[] b = buf;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                // escapes or non-ASCII: written by Jackson's generator itself (surrogates, escapes)
                len = p - i - 1;
                byte[] q = jacksonString(s);
                put(q, 0, q.length);
                return;
            }
            b[p++] = (byte) c;
        }
        b[p++] = '"';
        len = p;
    }

    private byte[] jacksonString(String s) {
        ByteArrayOutputStream tmp = new ByteArrayOutputStream(s.length() * 3 + 8);
        try (JsonGenerator json = factory.createGenerator(tmp)) {
            json.writeString(s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return tmp.toByteArray();
    }

    private void integer(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            put((byte) '-');
            v = -v;
        }
        ensure(20);
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int p = len + digits;
        len = p;
        do {
            buf[--p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
    }

    private void fixed(long units, int decimals) {
        long scale = POW10[decimals];
        long abs = Math.abs(units);
        long whole = abs / scale;
        // Double.toString (and Jackson) use E notation below 1e-3 and from 1e7, and lose exactness far out
        if (units == Long.MIN_VALUE || whole >= 10_000_000L || (abs != 0 && abs * 1000 < scale)) {
            ascii(NumberOutput.toString(units / (double) scale, true));
            return;
        }
        if (units < 0) {
            put((byte) '-');
        }
        integer(whole);
        put((byte) '.');
        long frac = abs % scale;
        if (frac == 0) {
            put((byte) '0');
            return;
        }
        ensure(decimals);
        for (long d = scale / 10; d > 0 && frac != 0; d /= 10) {
            buf[len++] = (byte) ('0' + (int) (frac / d));
            frac %= d;
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
