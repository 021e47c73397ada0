package dev.river.serve.observe;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SessionEndsTest {

    @Test
    void endReasonsBecomeAFixedSetOfLabels() {
        assertEquals(SessionEnds.Reason.shutdown, SessionEnds.classify("shutdown"));
        assertEquals(SessionEnds.Reason.shutdown, SessionEnds.classify("server stopped"));
        assertEquals(SessionEnds.Reason.idle, SessionEnds.classify("no packets for 10000 ms"));
        assertEquals(SessionEnds.Reason.deleted, SessionEnds.classify("DELETE /whip/abc"));
        assertEquals(SessionEnds.Reason.consent_expired, SessionEnds.classify("consent expired"));
        assertEquals(SessionEnds.Reason.connect_timeout, SessionEnds.classify("ICE/DTLS not completed in time"));
        assertEquals(SessionEnds.Reason.other, SessionEnds.classify("something new"));
        assertEquals(SessionEnds.Reason.other, SessionEnds.classify(null));
    }
}
