package io.gossippreflight.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlMapTest {
    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofHours(1);

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({"5000, 5000", "'30s', 30000", "'500ms', 500", "'5m', 300000", "'1h', 3600000", "'10_000', -1"})
    void durations(String v, long ms) {
        YamlMap m = YamlMap.parse("d: " + v + "\n", "f");
        if (ms < 0) {
            assertThrows(ConfigException.class, () -> m.duration("d", null, MIN, MAX, "ms", null));
        } else {
            assertEquals(Duration.ofMillis(ms), m.duration("d", null, MIN, MAX, "ms", null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "99999999999999 | f:1:4: d is 99999999999999 milliseconds; it must be between 100 ms and 1 h (why)",
        "99999999999999999999999 | f:1:4: d is 99999999999999999999999 milliseconds; it must be between 100 ms and 1 h (why)",
        "2h | f:1:4: d is 2h; it must be between 100 ms and 1 h (why)",
        "50 | f:1:4: d is 50 milliseconds; it must be between 100 ms and 1 h (why)",
        "-5 | f:1:4: d must be a duration (a number of milliseconds, or e.g. 30s, 500ms, 5m), got '-5'",
        "soon | f:1:4: d must be a duration (a number of milliseconds, or e.g. 30s, 500ms, 5m), got 'soon'",
    })
    void durationBoundsNameTheValueTheLimitsAndTheReason(String v, String message) {
        YamlMap m = YamlMap.parse("d: " + v + "\n", "f");
        assertEquals(message, assertThrows(ConfigException.class, () -> m.duration("d", null, MIN, MAX, "ms", "why")).getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"4MiB, 4194304", "512KiB, 524288", "100, 100", "1GiB, -1", "4 MB, -1", "99999999999999999999GiB, -1"})
    void sizes(String v, long bytes) {
        YamlMap m = YamlMap.parse("s: " + v + "\n", "f");
        if (bytes < 0) {
            ConfigException e = assertThrows(ConfigException.class, () -> m.size("s", 0, 1, 512L << 20, null));
            assertTrue(e.getMessage().startsWith("f:1:4: s "), e.getMessage());
        } else {
            assertEquals(bytes, m.size("s", 0, 1, 512L << 20, null));
        }
    }

    @ParameterizedTest
    @CsvSource({"true, true", "yes, true", "off, false", "False, false"})
    void booleans(String v, boolean b) {
        assertEquals(b, YamlMap.parse("b: " + v + "\n", "f").bool("b", !b));
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "'~', ''", "null, ''"})
    void nullAndEmptyAreAbsent(String v, String ignored) {
        YamlMap m = YamlMap.parse("k: " + v + "\n", "f");
        assertEquals("dflt", m.string("k", "dflt", 10));
    }
}
