package io.gossippreflight.wire.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostAndPortTest {
    @ParameterizedTest(name = "{0} -> {1} port {2}")
    @CsvSource({
        "198.18.1.2, 198.18.1.2, 7000, false",
        "' 198.18.1.2:7001 ', 198.18.1.2, 7001, true",
        "[2001:db8:1::2]:7002, 2001:db8:1::2, 7002, true",
        "[2001:db8:1::2], 2001:db8:1::2, 7000, false",
        "2001:db8:1::2, 2001:db8:1::2, 7000, false",
        "::1, ::1, 7000, false",
        "seed-1.example, seed-1.example, 7000, false",
        "seed-1.example:7005, seed-1.example, 7005, true",
    })
    void parsesEveryForm(String text, String host, int port, boolean given) {
        HostAndPort h = HostAndPort.parse(text, 7000);
        assertEquals(host, h.host());
        assertEquals(port, h.port());
        assertEquals(given, h.portGiven());
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''| no host",
        "198.18.1.2:0 | port 0 is not in 1..65535",
        "198.18.1.2:70000 | port 70000 is not in 1..65535",
        "198.18.1.2:x | port 'x' is not a number",
        "[2001:db8::1 | missing ']'",
        "[2001:db8::1]x | expected ':PORT' after ']'",
        ":7000 | no host",
    })
    void rejectsWithTheReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostAndPort.parse(text, 7000));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void portZeroOnlyWhenAsked() {
        assertEquals(0, HostAndPort.parse("127.0.0.1:0", 7000, 0).port());
    }

    @Test
    void literalsNeverLookUpNames() {
        assertTrue(HostAndPort.parse("198.18.1.2", 7000).isLiteral());
        assertTrue(HostAndPort.parse("[2001:db8::1]:7001", 7000).isLiteral());
        assertFalse(HostAndPort.parse("198.18.1.256", 7000).isLiteral());
        assertFalse(HostAndPort.parse("localhost", 7000).isLiteral());
        assertEquals(InetAddressAndPort.parse("198.18.1.2", 7001), HostAndPort.parse("198.18.1.2:7001", 7000).literal());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostAndPort.parse("seed.example", 7000).literal());
        assertTrue(e.getMessage().contains("'seed.example' is not an IP address"));
        assertEquals("[2001:db8::1]:7001", HostAndPort.parse("[2001:db8::1]:7001", 7000).toString());
    }
}
