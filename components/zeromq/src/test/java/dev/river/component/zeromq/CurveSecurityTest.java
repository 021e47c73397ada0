package dev.river.component.zeromq;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

/**
 * CURVE-encrypted sockets: the keys are plain Z85 URI options (marked secret in the metadata).
 */
class CurveSecurityTest extends ZeroMQTestSupport {

    private final ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();

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
}
