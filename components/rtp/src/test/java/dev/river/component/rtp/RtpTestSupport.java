package dev.river.component.rtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;

/** A UDP sender on 127.0.0.1, a free port, and hand-made RTP packets for the rtp: component tests. */
public abstract class RtpTestSupport extends CamelTestSupport {

    protected final int port = freeUdpPort();
    private DatagramSocket sender;

    protected static int freeUdpPort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 DatagramSocket rtcp = new DatagramSocket(probe.getLocalPort() + 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException e) {
                // port+1 taken: try another
            }
        }
        throw new IllegalStateException("no free UDP port pair on 127.0.0.1");
    }

    protected DatagramSocket sender() {
        try {
            if (sender == null) {
                sender = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            }
            return sender;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeSender() {
        if (sender != null) {
            sender.close();
        }
    }

    protected void send(byte[] datagram) throws IOException {
        send(datagram, port);
    }

    protected void send(byte[] datagram, int toPort) throws IOException {
        sender().send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), toPort));
    }

    /** A version 2 RTP packet with the given header fields and {@code payloadLength} bytes of payload. */
    protected static byte[] rtp(int payloadType, boolean marker, int sequenceNumber, long timestamp, long ssrc,
            int payloadLength) {
        byte[] packet = new byte[12 + payloadLength];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        RtpPackets.setSequenceNumber(packet, 0, sequenceNumber);
        RtpPackets.setTimestamp(packet, 0, timestamp);
        RtpPackets.setSsrc(packet, 0, ssrc);
        for (int i = 12; i < packet.length; i++) {
            packet[i] = (byte) i;
        }
        return packet;
    }
}
