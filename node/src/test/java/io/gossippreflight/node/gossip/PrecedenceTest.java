package io.gossippreflight.node.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.gossip.Precedence.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrecedenceTest {
    private static final long NOW = 1_700_000_000L;
    private static final long YEAR = 365L * 86400;

    @ParameterizedTest(name = "local {0}:{1}:{2} remote {3}:{4} -> {5}")
    @CsvSource({
        // known, localGen, localMax, remoteGen, remoteMax, outcome
        "false, 0,          0,  1700000000, 5,  NEW_ENDPOINT",
        "false, 0,          0,  2000000000, 5,  NEW_ENDPOINT",   // no sanity check without a local view (as Cassandra)
        "true,  1700000000, 10, 1700000001, 1,  NEWER_GENERATION", // a restart wins even with a lower version
        "true,  1700000000, 10, 1700000000, 11, NEWER_VERSION",
        "true,  1700000000, 10, 1700000000, 10, SAME",
        "true,  1700000000, 10, 1700000000, 9,  STALE",
        "true,  1700000000, 10, 1699999999, 99, STALE",           // an old generation loses whatever its version
        "true,  1700000000, 10, 1731536000, 1,  NEWER_GENERATION", // exactly now + 1 year is still believed
        "true,  1700000000, 10, 1731536001, 1,  INVALID_GENERATION",
        "true,  1700000000, 2147483647, 1700000000, 2147483647, SAME", // forced highest version (shutdown)
    })
    void table(boolean known, int lg, int lv, int rg, int rv, Outcome expected) {
        assertEquals(expected, Precedence.compare(known, lg, lv, rg, rv, NOW, YEAR));
    }

    @Test
    void stateNewerOnlyWhenStrictlyHigherOrAbsent() {
        assertTrue(Precedence.stateIsNewer(null, 0));
        assertTrue(Precedence.stateIsNewer(4, 5));
        assertFalse(Precedence.stateIsNewer(5, 5));
        assertFalse(Precedence.stateIsNewer(6, 5));
    }
}
