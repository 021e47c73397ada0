package dev.river.component.webrtc.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** A list of CIDR networks (IPv4 and IPv6) that peer addresses are checked against. */
public final class NetworkList {

    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private final List<Network> networks;

    private NetworkList(List<Network> networks) {
        this.networks = networks;
    }

    /** Parses {@code 127.0.0.0/8,::1/128,10.1.2.3} (no suffix: a single address). */
    public static NetworkList parse(String spec) {
        List<Network> list = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            try {
                byte[] address = InetAddress.getByName(slash < 0 ? e : e.substring(0, slash)).getAddress();
                int bits = slash < 0 ? address.length * 8 : Integer.parseInt(e.substring(slash + 1));
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + e);
                }
                list.add(new Network(address, bits));
            } catch (UnknownHostException | NumberFormatException ex) {
                throw new IllegalArgumentException("not a network: " + e, ex);
            }
        }
        return new NetworkList(list);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        for (Network n : networks) {
            if (n.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
