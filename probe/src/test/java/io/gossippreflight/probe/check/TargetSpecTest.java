package io.gossippreflight.probe.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gossippreflight.probe.ProbeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetSpecTest {
    @ParameterizedTest(name = "{0} -> {1} port {2}")
    @CsvSource({
        "198.18.1.2, 198.18.1.2, 7000",
        "198.18.1.2:7001, 198.18.1.2, 7001",
        "[2001:db8:1::2]:7002, 2001:db8:1::2, 7002",
        "[2001:db8:1::2], 2001:db8:1::2, 7000",
        "2001:db8:1::2, 2001:db8:1::2, 7000",
        "seed-1.example, seed-1.example, 7000",
    })
    void parsesEveryForm(String text, String host, int port) {
        TargetSpec t = TargetSpec.parse(text, 7000);
        assertEquals(host, t.host());
        assertEquals(port, t.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "198.18.1.2:0", "198.18.1.2:70000", "198.18.1.2:x", "[2001:db8::1", "[2001:db8::1]x"})
    void rejectsWithAUsageError(String text) {
        ProbeException e = assertThrows(ProbeException.class, () -> TargetSpec.parse(text, 7000));
        assertEquals(ProbeException.Kind.USAGE, e.kind());
    }
}
