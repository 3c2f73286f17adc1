package io.gossippreflight.analyzer.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void roundTrips() {
        for (String s : new String[] {"198.18.1.2", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1", "fe80::1:2:0:0:3",
            "2001:db8:0:1:1:1:1:1"}) {
            long[] a = Addresses.parse(s);
            assertEquals(s, Addresses.toString(a[0], a[1]));
        }
        long[] v4 = Addresses.parse("10.0.0.1");
        assertTrue(Addresses.isV4(v4[0], v4[1]));
        long[] v6 = Addresses.parse("::1:2");
        assertFalse(Addresses.isV4(v6[0], v6[1]));
    }
}
