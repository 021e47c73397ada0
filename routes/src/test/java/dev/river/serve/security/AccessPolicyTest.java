package dev.river.serve.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessPolicyTest {

    @Test
    void anEmptyTokenRequiresNothing() {
        AccessPolicy p = new AccessPolicy("", "http://127.0.0.1:8080");
        assertFalse(p.tokenRequired());
        assertTrue(p.bearerAccepted(null));
        assertTrue(p.tokenAccepted(null));
    }

    @Test
    void aTokenIsAcceptedOnlyExactlyAndOnlyAsBearer() {
        AccessPolicy p = new AccessPolicy("abc", "");
        assertTrue(p.bearerAccepted("Bearer abc"));
        assertTrue(p.bearerAccepted("bearer abc"));
        assertFalse(p.bearerAccepted("Bearer abcd"));
        assertFalse(p.bearerAccepted("Basic abc"));
        assertFalse(p.bearerAccepted("abc"));
        assertFalse(p.tokenAccepted(""));
        assertTrue(p.tokenAccepted("abc"));
    }

    @Test
    void originsMatchExactlyIgnoringCaseAndATrailingSlashAndStarAllowsAny() {
        AccessPolicy p = new AccessPolicy(null, " http://127.0.0.1:8080 , http://localhost:8080/");
        assertTrue(p.originAllowed(null), "no Origin: not a browser's cross-site request");
        assertTrue(p.originAllowed("http://LOCALHOST:8080"));
        assertTrue(p.originAllowed("http://127.0.0.1:8080/"));
        assertFalse(p.originAllowed("http://127.0.0.1:8081"));
        assertFalse(p.originAllowed("https://127.0.0.1:8080"));
        assertFalse(p.originAllowed("null"));
        assertTrue(new AccessPolicy(null, "*").originAllowed("http://anything.example"));
    }
}
