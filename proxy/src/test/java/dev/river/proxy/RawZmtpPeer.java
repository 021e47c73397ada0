package dev.river.proxy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A ZMTP peer made of raw bytes over a plain {@link Socket}: writes exactly what a test says (good or bad greetings,
 * READY commands, frames, truncations) and reads the broker's greeting, commands and frames back. For the NIO
 * transport's tests: nothing in it comes from JeroMQ.
 */
final class RawZmtpPeer implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawZmtpPeer(String endpoint) throws IOException {
        String hostPort = endpoint.substring("tcp://".length());
        int colon = hostPort.lastIndexOf(':');
        socket = new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        socket.setSoTimeout(15_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** A valid ZMTP 3.{minor} greeting with {@code mechanism}. */
    static byte[] greeting(int major, int minor, String mechanism) {
        byte[] g = new byte[64];
        g[0] = (byte) 0xFF;
        g[8] = 1;
        g[9] = 0x7F;
        g[10] = (byte) major;
        g[11] = (byte) minor;
        byte[] m = mechanism.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, g, 12, m.length);
        return g;
    }

    /** A READY command frame with the given property name/value pairs. */
    static byte[] ready(String... properties) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(5);
        body.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < properties.length; i += 2) {
            byte[] name = properties[i].getBytes(StandardCharsets.US_ASCII);
            byte[] value = properties[i + 1].getBytes(StandardCharsets.US_ASCII);
            body.write(name.length);
            body.writeBytes(name);
            body.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
            body.writeBytes(value);
        }
        return command(body.toByteArray());
    }

    /** A command frame around {@code body}. */
    static byte[] command(byte[] body) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x04);
        f.write(body.length);
        f.writeBytes(body);
        return f.toByteArray();
    }

    /** One short or long data frame. */
    static byte[] frame(byte[] body, boolean more) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        if (body.length <= 255) {
            f.write(more ? 1 : 0);
            f.write(body.length);
        } else {
            f.write(more ? 3 : 2);
            f.writeBytes(ByteBuffer.allocate(8).putLong(body.length).array());
        }
        f.writeBytes(body);
        return f.toByteArray();
    }

    /** A whole message as frames. */
    static byte[] message(byte[]... frames) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int i = 0; i < frames.length; i++) {
            m.writeBytes(frame(frames[i], i < frames.length - 1));
        }
        return m.toByteArray();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Greeting 3.0 NULL and READY as a DEALER (with {@code identity} when not null), then reads the broker's side. */
    void handshake(String identity) throws IOException {
        write(greeting(3, 0, "NULL"));
        write(identity == null ? ready("Socket-Type", "DEALER") : ready("Socket-Type", "DEALER", "Identity", identity));
        readGreeting();
        readFrame(); // the broker's READY
    }

    byte[] readGreeting() throws IOException {
        byte[] g = new byte[64];
        in.readFully(g);
        return g;
    }

    /** One frame: [flags, body...]. */
    Frame readFrame() throws IOException {
        int flags = in.readUnsignedByte();
        long size = (flags & 0x02) != 0 ? in.readLong() : in.readUnsignedByte();
        byte[] body = new byte[(int) size];
        in.readFully(body);
        return new Frame(flags, body);
    }

    /** The frames of the next message (commands skipped). */
    List<byte[]> readMessage() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        while (true) {
            Frame f = readFrame();
            if (f.command()) {
                continue;
            }
            frames.add(f.body());
            if (!f.more()) {
                return frames;
            }
        }
    }

    /** True once the broker closed the connection (reads to EOF, discarding what comes). */
    boolean closedByBroker() throws IOException {
        InputStream s = socket.getInputStream();
        byte[] sink = new byte[4096];
        try {
            while (true) {
                if (s.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the broker
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Frame(int flags, byte[] body) {
        boolean more() {
            return (flags & 0x01) != 0;
        }

        boolean command() {
            return (flags & 0x04) != 0;
        }

        String commandName() {
            return new String(body, 1, body[0], StandardCharsets.US_ASCII);
        }
    }
}
