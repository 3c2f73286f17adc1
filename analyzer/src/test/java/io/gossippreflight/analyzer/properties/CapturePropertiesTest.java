package io.gossippreflight.analyzer.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.fixtures.FixtureFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict properties ({@link CaptureProperties}) over every shared real capture: sampled in
 * every build, the whole cross-product with {@code -Dgp.properties.full=true}.
 */
class CapturePropertiesTest {
    @TempDir
    Path dir;

    static List<Captures.Capture> fixture(String stem, String... points) throws Exception {
        List<Captures.Capture> set = new ArrayList<>();
        for (String p : points) {
            set.add(Captures.read(p, FixtureFiles.capture("cassandra-5.0.9/" + stem + "-" + p + ".pcap")));
        }
        return set;
    }

    @ParameterizedTest
    @ValueSource(strings = {"blackhole-16tokens:a,ga,gb,b", "control-pmtud-icmp-allowed:a,ga", "two-node-join:a,b"})
    void verdictsHoldOnEverySharedCapture(String spec) throws Exception {
        String stem = spec.substring(0, spec.indexOf(':'));
        List<Captures.Capture> set = fixture(stem, spec.substring(spec.indexOf(':') + 1).split(","));
        CaptureProperties.Result r = CaptureProperties.fullRequested()
                ? CaptureProperties.full(stem, set, dir, Analyzer.Options.defaults(), stem.hashCode())
                : CaptureProperties.sampled(stem, set, dir, Analyzer.Options.defaults(), stem.hashCode());
        System.out.printf("capture properties %s: %d cases in %d ms%n", stem, r.cases(), r.millis());
        assertTrue(r.violations().isEmpty(), r.violations().size() + " of " + r.cases() + " cases broke a property:\n"
                + String.join("\n", r.violations()));
    }
}
