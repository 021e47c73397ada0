package dev.river.serve.media;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeQueueAdmissionTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void admitsUpToItsCapacityThenStopsAndCountsTheRest() {
        DecodeQueueAdmission admission = new DecodeQueueAdmission(2);
        Exchange first = exchange();
        Exchange second = exchange();
        Exchange third = exchange();
        admission.admit(first);
        admission.admit(second);
        admission.admit(third);
        assertFalse(first.isRouteStop());
        assertFalse(second.isRouteStop());
        assertTrue(third.isRouteStop(), "the third access unit must not reach a full queue");
        assertEquals(1, admission.refused());
        assertEquals(2, admission.queued());
    }

    @Test
    void aTakenAccessUnitMakesRoomForTheNextOne() {
        DecodeQueueAdmission admission = new DecodeQueueAdmission(1);
        admission.admit(exchange());
        admission.taken(exchange());
        Exchange next = exchange();
        admission.admit(next);
        assertFalse(next.isRouteStop());
        assertEquals(0, admission.refused());
        assertEquals(1, admission.queued());
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new DecodeQueueAdmission(0));
    }

    private Exchange exchange() {
        return new DefaultExchange(context);
    }
}
