package dev.river.component.zeromq;

import java.nio.charset.StandardCharsets;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Opens sockets with an endpoint's options applied (HWMs, timeouts, CURVE, ...) so that every mode configures its
 * sockets the same way.
 */
final class ZeroMQSockets {

    private ZeroMQSockets() {
    }

    /** Creates a socket of {@code type}, applies the options and binds or connects it to {@code address}. */
    static ZMQ.Socket open(ZContext context, SocketType type, ZeroMQConfiguration cfg, String address, boolean bind) {
        ZMQ.Socket socket = context.createSocket(type);
        try {
            socket.setLinger(cfg.getLinger());
            socket.setSndHWM(cfg.getSendHwm());
            socket.setRcvHWM(cfg.getReceiveHwm());
            socket.setHandshakeIvl(Math.max(0, cfg.getHandshakeInterval()));
            if (cfg.getMaxMessageSize() > 0) {
                socket.setMaxMsgSize(cfg.getMaxMessageSize());
            }
            if (cfg.getIdentity() != null && !cfg.getIdentity().isEmpty()) {
                socket.setIdentity(cfg.getIdentity().getBytes(StandardCharsets.UTF_8));
            }
            if (type == SocketType.REQ) {
                // a REQ whose reply timed out must be able to send again
                socket.setReqRelaxed(true);
                socket.setReqCorrelate(true);
            }
            applyCurve(socket, cfg);
            if (bind) {
                socket.bind(address);
            } else {
                socket.connect(address);
            }
            return socket;
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void applyCurve(ZMQ.Socket socket, ZeroMQConfiguration cfg) {
        if (cfg.isCurveServer()) {
            socket.setCurveServer(true);
            socket.setCurveSecretKey(key("curveSecretKey", cfg.getCurveSecretKey(), true));
            if (isSet(cfg.getCurvePublicKey())) {
                socket.setCurvePublicKey(key("curvePublicKey", cfg.getCurvePublicKey(), false));
            }
        } else if (isSet(cfg.getCurveServerKey())) {
            if (!isSet(cfg.getCurveSecretKey())) {
                throw new IllegalArgumentException("curveServerKey is set: curveSecretKey (this socket's own key pair) "
                                                   + "is needed too");
            }
            String secret = CurveKeys.resolve("curveSecretKey", cfg.getCurveSecretKey(), true);
            String pub = isSet(cfg.getCurvePublicKey())
                    ? CurveKeys.resolve("curvePublicKey", cfg.getCurvePublicKey(), false)
                    : CurveKeys.publicKeyOf(secret);
            socket.setCurveServerKey(key("curveServerKey", cfg.getCurveServerKey(), false));
            socket.setCurvePublicKey(ZMQ.Curve.z85Decode(pub));
            socket.setCurveSecretKey(ZMQ.Curve.z85Decode(secret));
        }
    }

    private static boolean isSet(String option) {
        return option != null && !option.isBlank();
    }

    /** A Z85 key given directly or read from a key file (see {@link CurveKeys}). */
    private static byte[] key(String option, String value, boolean secret) {
        return ZMQ.Curve.z85Decode(CurveKeys.resolve(option, value, secret));
    }
}
