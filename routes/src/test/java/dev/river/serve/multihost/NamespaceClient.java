package dev.river.serve.multihost;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.river.component.zeromq.protocol.RiverProtocol;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A RIVER/1 client run by the test inside a network namespace ({@code ip netns exec NS java ... NamespaceClient
 * ADDRESS}): a JVM thread cannot enter a namespace, so the test drives this process line by line. Reads commands on
 * stdin ({@code REQUEST id model deadlineMs file}, {@code STATS}), prints every message from the broker as one line
 * on stdout ({@code REPLY id status metadata payload} or {@code STATS json}).
 */
public final class NamespaceClient {

    private NamespaceClient() {
    }

    public static void main(String[] args) throws Exception {
        try (ZContext zmq = new ZContext(1)) {
            ZMQ.Socket socket = zmq.createSocket(SocketType.DEALER);
            socket.setLinger(0);
            socket.setHandshakeIvl(1000);
            socket.connect(args[0]);
            Thread reader = new Thread(() -> print(socket), "broker-reader");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            // one socket, one thread: commands are queued and sent by the reader thread's loop
            java.util.concurrent.ConcurrentLinkedQueue<byte[][]> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
            SENDER.set(outbox);
            reader.setDaemon(true);
            reader.start();
            String line;
            while ((line = in.readLine()) != null) {
                String[] p = line.trim().split(" ");
                if (p[0].equals("REQUEST") && p.length == 5) {
                    outbox.add(new byte[][] {RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES,
                        RiverProtocol.ascii("REQUEST"), utf8(p[1]), utf8(p[2]),
                        RiverProtocol.encodeDeadline(Long.parseLong(p[3])), utf8("{}"), Files.readAllBytes(Path.of(p[4]))});
                } else if (p[0].equals("STATS")) {
                    outbox.add(new byte[][] {RiverProtocol.EMPTY, RiverProtocol.CLIENT_BYTES, RiverProtocol.ascii("STATS")});
                } else if (p[0].equals("QUIT")) {
                    break;
                }
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicReference<java.util.Queue<byte[][]>> SENDER =
            new java.util.concurrent.atomic.AtomicReference<>();

    private static void print(ZMQ.Socket socket) {
        socket.setReceiveTimeOut(20);
        while (!Thread.currentThread().isInterrupted()) {
            java.util.Queue<byte[][]> outbox = SENDER.get();
            byte[][] out;
            while (outbox != null && (out = outbox.poll()) != null) {
                for (int i = 0; i < out.length; i++) {
                    socket.send(out[i], i < out.length - 1 ? ZMQ.SNDMORE : 0);
                }
            }
            byte[] first = socket.recv(0);
            if (first == null) {
                continue;
            }
            java.util.List<String> frames = new java.util.ArrayList<>();
            while (socket.hasReceiveMore()) {
                frames.add(new String(socket.recv(0), StandardCharsets.UTF_8).replace('\n', ' '));
            }
            if (frames.size() >= 2 && frames.get(1).equals("REPLY") && frames.size() == 6) {
                System.out.println("REPLY " + frames.get(2) + " " + frames.get(3) + " " + frames.get(4) + " "
                        + frames.get(5));
            } else if (frames.size() == 3 && frames.get(1).equals("STATS")) {
                System.out.println("STATS " + frames.get(2));
            } else {
                System.out.println("OTHER " + frames);
            }
            System.out.flush();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
