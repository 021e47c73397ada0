package dev.river.component.webrtc.transport;

import java.net.InetSocketAddress;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StunMessageTest {

    /** RFC 5769 section 2.1: sample request with USERNAME, MESSAGE-INTEGRITY and FINGERPRINT. */
    private static final byte[] RFC5769_REQUEST = HexFormat.of().parseHex(
            "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74"
            + "002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");

    @Test
    void theRfc5769SampleRequestVerifiesWithItsPassword() {
        StunMessage message = StunMessage.parse(RFC5769_REQUEST, RFC5769_REQUEST.length);
        assertEquals(StunMessage.BINDING_REQUEST, message.type());
        assertEquals("evtj:h6vY", message.username());
        assertTrue(message.checkIntegrity("VOkJxbRl1RmTxUk/WvJxBt"));
        assertFalse(message.checkIntegrity("wrong password"));
    }

    @Test
    void aCorruptedFingerprintIsRejected() {
        byte[] copy = RFC5769_REQUEST.clone();
        copy[copy.length - 1] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> StunMessage.parse(copy, copy.length));
    }

    @Test
    void truncatedAndOverrunningMessagesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> StunMessage.parse(RFC5769_REQUEST, 40));
        byte[] overrun = RFC5769_REQUEST.clone();
        overrun[23] = (byte) 0xFF;
        assertThrows(IllegalArgumentException.class, () -> StunMessage.parse(overrun, overrun.length));
    }

    @Test
    void aBuiltRequestRoundTripsWithUseCandidate() {
        byte[] tx = new byte[12];
        tx[0] = 7;
        byte[] request = StunMessage.bindingRequest(tx, "server:client", true, "secretsecretsecretsecret");
        StunMessage parsed = StunMessage.parse(request, request.length);
        assertEquals("server:client", parsed.username());
        assertTrue(parsed.useCandidate());
        assertTrue(parsed.controlling());
        assertTrue(parsed.checkIntegrity("secretsecretsecretsecret"));
    }

    @Test
    void theSuccessResponseIsSignedWithTheLocalPassword() {
        byte[] response = StunMessage.bindingSuccess(new byte[12], new InetSocketAddress("127.0.0.1", 5000), "localpwd");
        StunMessage parsed = StunMessage.parse(response, response.length);
        assertEquals(StunMessage.BINDING_SUCCESS, parsed.type());
        assertTrue(parsed.checkIntegrity("localpwd"));
    }
}
