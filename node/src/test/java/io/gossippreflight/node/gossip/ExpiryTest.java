package io.gossippreflight.node.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "LEFT,-9223372036854775808,1700259200000 | 1700259200000",
        "removed,8a7c7d1e-0000-4000-8000-000000000001,42 | 42",
        "LEFT,123 | ",                       // no expiry piece
        "NORMAL,123,456 | ",                 // not a state that expires
        "removing,abc,456 | ",
        "LEFT,1,notanumber | ",
        "LEFT,1, | ",
        "LEFT,1,99999999999999999999999 | ", // too long to be a time
        " | ",
    })
    void expireTimeOfStatus(String value, Long expected) {
        OptionalLong got = Expiry.expireTimeOf(value);
        if (expected == null) {
            assertTrue(got.isEmpty(), String.valueOf(got));
        } else {
            assertEquals(expected, got.getAsLong());
        }
    }

    @ParameterizedTest(name = "alive={0} owner={1} now={2} expire={3} -> {4}")
    @CsvSource({
        "false, false, 1001, 1000, true",
        "false, false, 1000, 1000, false",  // strictly after
        "true,  false, 5000, 1000, false",  // alive endpoints are never evicted
        "false, true,  5000, 1000, false",  // nor ring members
    })
    void eviction(boolean alive, boolean owner, long now, long expire, boolean evict) {
        assertEquals(evict, Expiry.shouldEvict(alive, owner, now, expire));
    }

    @Test
    void quarantineAndFatClient() {
        assertFalse(Expiry.quarantineOver(60_000, 0, 60_000));
        assertTrue(Expiry.quarantineOver(60_001, 0, 60_000));
        long s = 1_000_000_000L;
        assertTrue(Expiry.fatClientExpired(true, false, 31 * s, 30 * s));
        assertFalse(Expiry.fatClientExpired(true, false, 30 * s, 30 * s));
        assertFalse(Expiry.fatClientExpired(false, false, 99 * s, 30 * s), "token owners are not fat clients");
        assertFalse(Expiry.fatClientExpired(true, true, 99 * s, 30 * s), "quarantined: left to the quarantine");
    }

    @Test
    void statusNamesAndClasses() {
        assertEquals("LEFT", Status.name(Status.left("-3", 7)));
        assertEquals("LEFT,-3,7", Status.left("-3", 7));
        assertEquals("removed,h,9", Status.removed("h", 9));
        assertEquals("shutdown,true", Status.shutdown());
        assertEquals("", Status.name(null));
        assertEquals("NORMAL", Status.name("NORMAL"));
        assertTrue(Status.isDead(Status.removing("h")));
        assertTrue(Status.isDead("hibernate,true"));
        assertFalse(Status.isDead(Status.normal("1")));
        assertFalse(Status.isDead(Status.shutdown()));
        assertTrue(Status.isSilentShutdown(Status.boot("1")));
        assertFalse(Status.isSilentShutdown(Status.normal("1")));
        assertTrue(Status.isShutdown("shutdown,true"));
    }
}
