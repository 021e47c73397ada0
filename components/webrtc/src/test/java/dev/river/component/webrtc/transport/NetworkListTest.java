package dev.river.component.webrtc.transport;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkListTest {

    @Test
    void addressesInsideTheListedNetworksAreAllowed() throws Exception {
        NetworkList list = NetworkList.parse("127.0.0.0/8, 10.1.0.0/17, ::1/128, 192.0.2.7");
        assertTrue(list.contains(InetAddress.getByName("127.4.5.6")));
        assertTrue(list.contains(InetAddress.getByName("10.1.127.255")));
        assertFalse(list.contains(InetAddress.getByName("10.1.128.0")));
        assertTrue(list.contains(InetAddress.getByName("::1")));
        assertTrue(list.contains(InetAddress.getByName("192.0.2.7")));
        assertFalse(list.contains(InetAddress.getByName("192.0.2.2")));
    }

    @Test
    void aMalformedNetworkIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> NetworkList.parse("127.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> NetworkList.parse("127.0.0.0/x"));
    }
}
