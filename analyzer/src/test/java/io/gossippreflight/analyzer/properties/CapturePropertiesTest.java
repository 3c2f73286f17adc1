package io.gossippreflight.analyzer.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.analyzer.AnalyzerFixtureTest;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.fixtures.FixtureFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import io.gossippreflight.analyzer.testing.Scenario;
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

    /**
     * The synthetic generator: the seed story through one router with sizes, timing and back-off drawn
     * from the seed, captured at a, at gw (on b's side of the router) and at b. A black hole (big copies
     * die before gw, b keeps talking), PMTUD that
     * works (gw's ICMP reaches a, which re-segments), or loss of small packets too.
     */
    static Scenario synthetic(String kind, long seed) {
        Random rnd = new Random(seed);
        Scenario s = new Scenario("a", "gw", "b");
        s.handshake(8961, 8961, "a", "gw", "b");
        long rel = 0;
        int small = 200 + rnd.nextInt(500);
        int rounds = 20 + rnd.nextInt(20);
        for (int i = 0; i < rounds; i++) {
            boolean lose = kind.equals("loss") && i % 4 == 1;
            s.dataA(rel, small, lose ? new String[] {"a"} : new String[] {"a", "gw", "b"});
            if (lose) {
                s.pause(200 + rnd.nextInt(100)).dataA(rel, small, "a", "gw", "b");
            }
            rel += small;
            s.ackB(rel, "a", "gw", "b").pause(200 + rnd.nextInt(800));
        }
        int big = 4000 + rnd.nextInt(5000);
        if (kind.equals("pmtud")) {
            int id = s.nextAId();
            s.dataA(rel, big, "a");
            s.icmpToA(1422, rel, big, id, "a");
            for (long off = 0; off < big; off += 1370) {
                s.dataA(rel + off, (int) Math.min(1370, big - off), "a", "gw", "b");
            }
            rel += big;
            s.ackB(rel, "a", "gw", "b");
        } else if (kind.equals("blackhole")) {
            long gap = 200 + rnd.nextInt(100);
            for (int k = 0; k < 6; k++) {
                s.dataA(rel, big, "a"); // gw is on b's side: the copies die before it
                s.pause(gap);
                gap *= 2;
                s.ackB(rel, "a", "gw", "b"); // b keeps acknowledging the old bytes: it is alive
            }
        }
        for (int i = 0; i < 5; i++) {
            s.pause(500).ackB(rel, "a", "gw", "b");
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"blackhole:1", "blackhole:2", "pmtud:3", "loss:4", "healthy:5"})
    void verdictsHoldOnTheSyntheticGenerator(String spec) throws Exception {
        String kind = spec.substring(0, spec.indexOf(':'));
        long seed = Long.parseLong(spec.substring(spec.indexOf(':') + 1));
        Path out = java.nio.file.Files.createDirectories(dir.resolve("synthetic"));
        List<Captures.Capture> set = new ArrayList<>();
        for (Analyzer.Input in : synthetic(kind, seed).write(out)) {
            set.add(Captures.read(in.name(), in.path()));
        }
        PathStatus expected = switch (kind) {
            case "blackhole" -> PathStatus.BLACK_HOLE;
            case "pmtud" -> PathStatus.PMTUD_WORKS;
            case "loss" -> PathStatus.RANDOM_LOSS;
            default -> PathStatus.HEALTHY;
        };
        PathVerdict ab = AnalyzerFixtureTest.verdict(Captures.analyze(set,
                java.nio.file.Files.createDirectories(dir.resolve("expected")), Analyzer.Options.defaults()),
                Scenario.A, Scenario.B);
        assertEquals(expected, ab.status(), "the generator's own verdict: " + ab.summary());
        CaptureProperties.Result r = CaptureProperties.fullRequested()
                ? CaptureProperties.full("synthetic " + spec, set, dir, Analyzer.Options.defaults(), seed)
                : CaptureProperties.sampled("synthetic " + spec, set, dir, Analyzer.Options.defaults(), seed);
        System.out.printf("capture properties synthetic %s: %d cases in %d ms%n", spec, r.cases(), r.millis());
        assertTrue(r.violations().isEmpty(), r.violations().size() + " of " + r.cases() + " cases broke a property:\n"
                + String.join("\n", r.violations()));
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
