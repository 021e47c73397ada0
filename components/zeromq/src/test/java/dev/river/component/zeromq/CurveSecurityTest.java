package dev.river.component.zeromq;

import java.nio.file.Path;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

/**
 * CURVE-encrypted sockets: the keys are Z85 URI options (marked secret in the metadata) or key files.
 */
class CurveSecurityTest extends ZeroMQTestSupport {

    private final ZMQ.Curve.KeyPair server = uriSafeKeyPair();
    private final ZMQ.Curve.KeyPair client = uriSafeKeyPair();

    /**
     * A key pair whose Z85 text fits in RAW(...): no "{{" or "}}", which Camel reads as a property placeholder even
     * in RAW(), and no ")", which can end the RAW value early (a key with ")&" inside broke the URI on CI).
     */
    private static ZMQ.Curve.KeyPair uriSafeKeyPair() {
        ZMQ.Curve.KeyPair pair;
        do {
            pair = ZMQ.Curve.generateKeyPair();
        } while ((pair.publicKey + " " + pair.secretKey).contains("{{")
                 || (pair.publicKey + " " + pair.secretKey).contains("}}")
                 || (pair.publicKey + " " + pair.secretKey).contains(")"));
        return pair;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("zeromq:" + address() + "?socketType=PULL&bind=true&curveServer=true"
                     + "&curveSecretKey=RAW(" + server.secretKey + ")")
                        .to("mock:secure");
            }
        };
    }

    @Test
    void aCurveClientReachesACurveServer() throws Exception {
        MockEndpoint secure = getMockEndpoint("mock:secure");
        secure.expectedBodiesReceived(bytes("secret"));
        template.sendBody("zeromq:" + address() + "?socketType=PUSH&curveServerKey=RAW(" + server.publicKey
                          + ")&curvePublicKey=RAW(" + client.publicKey + ")&curveSecretKey=RAW(" + client.secretKey
                          + ")",
                "secret");
        secure.assertIsSatisfied();
    }

    @TempDir
    Path keys;

    @Test
    void aCurveClientWithKeyFilesReachesACurveServer() throws Exception {
        String serverPublic = CurveKeys.writeKeyPair(keys, "server");
        CurveKeys.writeKeyPair(keys, "client");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zeromq:tcp://127.0.0.1:" + (port + 1) + "?socketType=PULL&bind=true&curveServer=true"
                     + "&curveSecretKey=" + keys.resolve("server.key"))
                        .to("mock:files");
            }
        });
        MockEndpoint files = getMockEndpoint("mock:files");
        files.expectedBodiesReceived(bytes("from files"));
        // the public key of the client is derived from its secret key file
        template.sendBody("zeromq:tcp://127.0.0.1:" + (port + 1) + "?socketType=PUSH&curveServerKey="
                          + keys.resolve("server.pub") + "&curveSecretKey=" + keys.resolve("client.key"),
                "from files");
        files.assertIsSatisfied();
        org.junit.jupiter.api.Assertions.assertEquals(40, serverPublic.length());
    }
}
