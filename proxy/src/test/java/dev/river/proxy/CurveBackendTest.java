package dev.river.proxy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.river.component.zeromq.CurveKeys;
import dev.river.component.zeromq.protocol.RiverProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CURVE on the broker's backend: only workers whose public key is in river.proxy.curve.authorized-workers get
 * through the handshake; a refused key is counted; a plain worker never reaches the broker.
 */
class CurveBackendTest extends BrokerTestSupport {

    @TempDir
    Path keys;

    private final List<ZMQ.Socket> sockets = new ArrayList<>();

    private void startCurveBroker() throws Exception {
        CurveKeys.writeKeyPair(keys, "broker");
        Path allowed = keys.resolve("authorized");
        CurveKeys.writeKeyPair(allowed, "good");
        CurveKeys.writeKeyPair(keys, "intruder");
        CurveSettings curve = CurveSettings.fromLookup(Map.of(
                CurveSettings.SECRET_KEY, keys.resolve("broker.key").toString(),
                CurveSettings.AUTHORIZED_WORKERS, allowed.toString())::get);
        broker = new LeastBusyBroker(settings().heartbeatLivenessMs(60_000).build(), curve);
        broker.start();
    }

    /** A raw worker DEALER; {@code keyName} null = no CURVE. Sends READY. */
    private ZMQ.Socket worker(String name, String keyName, Path keyDir) {
        ZMQ.Socket s = zmq.createSocket(SocketType.DEALER);
        sockets.add(s);
        s.setLinger(0);
        s.setHandshakeIvl(1000);
        if (keyName != null) {
            String secret = CurveKeys.resolve("k", keyDir.resolve(keyName + ".key").toString(), true);
            s.setCurveServerKey(ZMQ.Curve.z85Decode(
                    CurveKeys.resolve("s", keys.resolve("broker.pub").toString(), false)));
            s.setCurvePublicKey(ZMQ.Curve.z85Decode(CurveKeys.publicKeyOf(secret)));
            s.setCurveSecretKey(ZMQ.Curve.z85Decode(secret));
        }
        s.connect(broker.getBackendEndpoint());
        send(s, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii("READY"),
                RiverProtocol.ascii(name), RiverProtocol.ascii("1"), RiverProtocol.ascii(MODEL));
        return s;
    }

    private static void send(ZMQ.Socket s, byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            s.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE | ZMQ.DONTWAIT : ZMQ.DONTWAIT);
        }
    }

    @Test
    void onlyAuthorizedWorkersServeAndARefusedKeyIsCounted() throws Exception {
        startCurveBroker();
        ZMQ.Socket good = worker("good", "good", keys.resolve("authorized"));
        awaitWorkers(1);
        worker("intruder", "intruder", keys);
        worker("plain", null, null);
        awaitCounter("refusedWorkers", 1);
        assertEquals(List.of("good"), names());

        TestClient c = client();
        c.request("r1", MODEL, inSeconds(30));
        good.setReceiveTimeOut(10_000);
        byte[] frame;
        do {
            frame = good.recv(0);
            assertNotNull(frame, "no REQUEST reached the authorized worker");
            List<byte[]> rest = new ArrayList<>();
            while (good.hasReceiveMore()) {
                rest.add(good.recv(0));
            }
            if (rest.size() == 7 && "REQUEST".equals(TestClient.text(rest.get(1)))) {
                send(good, RiverProtocol.EMPTY, RiverProtocol.WORKER_BYTES, RiverProtocol.ascii("REPLY"), rest.get(2),
                        RiverProtocol.ascii("OK"), RiverProtocol.ascii("{}"), TestClient.utf8("through CURVE"));
                break;
            }
        } while (true);
        TestClient.Reply r = c.reply();
        assertEquals("OK", r.status());
        assertEquals("through CURVE", TestClient.text(r.payload()));
        assertEquals(List.of("good"), names());
        assertEquals(1, counter("workersJoined"));
        sockets.forEach(ZMQ.Socket::close);
    }

    @Test
    void curveSettingsNameTheSettingThatIsWrong() throws Exception {
        CurveKeys.writeKeyPair(keys, "broker");
        InvalidSettingException noAllowlist = assertThrows(InvalidSettingException.class,
                () -> CurveSettings.fromLookup(Map.of(CurveSettings.SECRET_KEY,
                        keys.resolve("broker.key").toString())::get));
        assertTrue(noAllowlist.getMessage().startsWith("invalid setting " + CurveSettings.AUTHORIZED_WORKERS),
                noAllowlist.getMessage());
        InvalidSettingException publicAsSecret = assertThrows(InvalidSettingException.class,
                () -> CurveSettings.fromLookup(Map.of(CurveSettings.SECRET_KEY, keys.resolve("broker.pub").toString(),
                        CurveSettings.AUTHORIZED_WORKERS, keys.toString())::get));
        assertTrue(publicAsSecret.getMessage().startsWith("invalid setting " + CurveSettings.SECRET_KEY),
                publicAsSecret.getMessage());
        assertEquals(false, CurveSettings.fromLookup(k -> null).enabled());
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        stats().path("workers").forEach(w -> names.add(w.path("name").asText()));
        return names;
    }
}
