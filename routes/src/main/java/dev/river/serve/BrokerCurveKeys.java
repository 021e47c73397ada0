package dev.river.serve;

import dev.river.component.zeromq.ZeroMQEndpoint;

/**
 * The keys river-serve and {@code ./river detect} use when the broker's client side requires CURVE
 * ({@code river.proxy.curve.frontend}): the broker's public key and this client's secret key, each Z85 or a key file.
 * Set on an endpoint's configuration rather than in its URI, because Z85 keys hold characters ({@code & + = ? #})
 * that a URI query would split or mangle.
 *
 * @param serverKey the broker's public key; blank = plain
 * @param secretKey this client's secret key
 */
public record BrokerCurveKeys(String serverKey, String secretKey) {

    /** No CURVE. */
    public static final BrokerCurveKeys PLAIN = new BrokerCurveKeys(null, null);

    public boolean enabled() {
        return serverKey != null && !serverKey.isBlank();
    }

    /** Makes the endpoint a CURVE client of the broker; call before its first use. No-op when plain. */
    public void applyTo(ZeroMQEndpoint endpoint) {
        if (enabled()) {
            endpoint.getConfiguration().setCurveServerKey(serverKey);
            endpoint.getConfiguration().setCurveSecretKey(secretKey);
        }
    }
}
