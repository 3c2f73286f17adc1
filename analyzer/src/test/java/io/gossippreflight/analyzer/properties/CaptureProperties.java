package io.gossippreflight.analyzer.properties;

import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.analyzer.properties.Captures.Capture;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Properties of the verdicts over rewritten captures: whatever way a capture set is cut, thinned,
 * shifted or re-encoded ({@link Rewrites}), each direction's verdict stays what the whole set
 * said, or weakens honestly (INCONCLUSIVE, a bracket holding the MTU), and a direction that lost
 * packets never becomes HEALTHY. Rewrites that keep every packet (clocks apart, duplicates,
 * merged pcapng, IPv6) must give the same verdict class.
 *
 * <p>{@link #sampled} draws a few cases of each kind (make test); {@link #full} the whole
 * cross-product: every cut on a grid, every subset of points, and rewrites combined in pairs.
 */
public final class CaptureProperties {
    /** How closely a case must agree with the baseline. */
    enum Agreement {
        /** Every packet is still there: the same verdict class. */
        SAME,
        /** Evidence removed: the same class or INCONCLUSIVE; a problem never becomes HEALTHY. */
        WEAKER
    }

    /**
     * One generated case.
     *
     * @param cutAt   when the captures were stopped, or Long.MAX_VALUE
     * @param v6      the packets were rewritten to IPv6 (addresses and sizes change)
     * @param partial some capture points left out, or the start cut off: a direction may vanish
     */
    /**
     * @param clockLead how far the most advanced capture clock runs ahead (clocks apart), 0 otherwise: a cut
     *                  at {@code t} on the shifted clocks stops that capture this much earlier in real time
     */
    record Case(String name, Function<List<Capture>, List<Capture>> rewrite, Agreement agreement, long cutAt, boolean v6,
            boolean partial, long clockLead) {
        Case(String name, Function<List<Capture>, List<Capture>> rewrite, Agreement agreement, long cutAt, boolean v6,
                boolean partial) {
            this(name, rewrite, agreement, cutAt, v6, partial, 0);
        }
    }

    /** What a run found: cases run, and every violation (empty when the properties hold). */
    public record Result(int cases, List<String> violations, long millis) {
    }

    private CaptureProperties() {
    }

    /** A few cases of each kind, drawn with {@code seed}: fast enough for every build. */
    public static Result sampled(String label, List<Capture> set, Path dir, Analyzer.Options options, long seed)
            throws IOException {
        return run(label, set, dir, options, seed, false);
    }

    /** The whole cross-product (opt-in: {@code -Dgp.properties.full=true}, {@code make properties}). */
    public static Result full(String label, List<Capture> set, Path dir, Analyzer.Options options, long seed)
            throws IOException {
        return run(label, set, dir, options, seed, true);
    }

    /** True when the whole cross-product was asked for. */
    public static boolean fullRequested() {
        return Boolean.getBoolean("gp.properties.full");
    }

    private static Result run(String label, List<Capture> set, Path dir, Analyzer.Options options, long seed,
            boolean full) throws IOException {
        long t0 = System.nanoTime();
        Path base = Files.createDirectories(dir.resolve("baseline"));
        AnalysisReport baseline = Captures.analyze(set, base, options);
        List<Case> cases = cases(set, baseline, new Random(seed), full);
        List<String> violations = new ArrayList<>();
        int n = 0;
        for (Case c : cases) {
            Path d = Files.createDirectories(dir.resolve("case" + n++));
            List<Capture> rewritten = c.rewrite().apply(set);
            if (rewritten.isEmpty() || rewritten.stream().allMatch(x -> x.frames().isEmpty())) {
                continue;
            }
            AnalysisReport got;
            try {
                got = Captures.analyze(rewritten.stream().filter(x -> !x.frames().isEmpty()).toList(), d, options);
            } catch (RuntimeException | IOException e) {
                violations.add(label + " / " + c.name() + ": analysis failed: " + e);
                continue;
            }
            List<String> broken = check(baseline, got, c);
            for (String v : broken) {
                violations.add(label + " / " + c.name() + ": " + v);
            }
            if (broken.isEmpty()) {
                deleteTree(d);
            } else {
                keep(label, c, set, rewritten);
            }
        }
        return new Result(cases.size(), violations, (System.nanoTime() - t0) / 1_000_000);
    }

    static List<Case> cases(List<Capture> set, AnalysisReport baseline, Random rnd, boolean full) {
        List<Case> out = new ArrayList<>();
        long start = set.stream().mapToLong(Capture::firstTime).min().orElse(0);
        long end = set.stream().mapToLong(Capture::lastTime).max().orElse(0);
        long third = thirdLostCopy(baseline);

        // stopped early: always after the third lost copy, when there were losses
        List<Long> cuts = new ArrayList<>();
        long from = third == Long.MAX_VALUE ? start : third;
        if (full) {
            for (int i = 0; i <= 24; i++) {
                cuts.add(from + 1_000_000 + (end - from) * i / 24);
            }
        } else {
            cuts.add(from + 1_000_000);
            cuts.add(from + 1_200_000_000L);
            cuts.add(from + (long) (rnd.nextDouble() * (end - from)));
        }
        for (long t : cuts) {
            if (t < end) {
                out.add(new Case("cut at +" + ms(t - start), s -> Rewrites.cut(s, t), Agreement.WEAKER, t, false, true));
            }
        }
        // fewer points: every subset
        List<String> names = set.stream().map(Capture::name).toList();
        for (int mask = 1; mask < (1 << names.size()) - 1 && names.size() > 1; mask++) {
            Set<String> keep = new LinkedHashSet<>();
            for (int i = 0; i < names.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    keep.add(names.get(i));
                }
            }
            out.add(new Case("only " + keep, s -> Rewrites.subset(s, keep), Agreement.WEAKER, Long.MAX_VALUE, false, true));
        }
        // headers only
        for (int snap : new int[] {96, 128}) {
            out.add(new Case("snaplen " + snap, s -> Rewrites.snap(s, snap), Agreement.WEAKER, Long.MAX_VALUE, false, false));
        }
        // started mid-connection, before the first loss (when there was one)
        long firstLoss = firstLostCopy(baseline);
        long until = firstLoss == Long.MAX_VALUE ? start + (end - start) * 6 / 10 : firstLoss - 1_000_000;
        int starts = full ? 8 : 2;
        for (int i = 0; i < starts && until > start; i++) {
            long t = i == 0 ? until : start + (long) (rnd.nextDouble() * (until - start));
            out.add(new Case("started at +" + ms(t - start), s -> Rewrites.startAt(s, t), Agreement.WEAKER, Long.MAX_VALUE,
                    false, true));
        }
        // offloads on at each capture (the sender-side ones matter)
        for (String n : names) {
            out.add(new Case("offloads on at " + n, s -> Rewrites.offload(s, n), Agreement.WEAKER, Long.MAX_VALUE, false,
                    false));
        }
        // clocks apart by up to ±5 s, and -i any duplicates
        int shifts = full ? 6 : 1;
        for (int i = 0; i < shifts && names.size() > 1; i++) {
            List<Long> deltas = new ArrayList<>();
            // a capture that begins within 5 s of the epoch (the generator's) is shifted forward only: a time
            // before 1970 cannot be written to a pcap (it wrapped to 2106 and made nonsense of the case)
            double low = start < 5_000_000_000L ? 0 : -5;
            for (int k = 0; k < names.size(); k++) {
                deltas.add((long) ((rnd.nextDouble() * 10 + low) * 1e9));
            }
            out.add(new Case("clocks apart " + deltasText(names, deltas), s -> {
                List<Capture> r = s;
                for (int k = 0; k < names.size(); k++) {
                    r = Rewrites.shiftClock(r, names.get(k), deltas.get(k));
                }
                return r;
            }, Agreement.SAME, Long.MAX_VALUE, false, false, Math.max(0, deltas.stream().mapToLong(x -> x).max().orElse(0))));
        }
        for (String n : names) {
            out.add(new Case("-i any duplicates at " + n, s -> Rewrites.duplicates(s, n), Agreement.SAME, Long.MAX_VALUE,
                    false, false));
        }
        if (names.size() > 1) {
            out.add(new Case("one pcapng, several interfaces", s -> Rewrites.mergeIntoPcapng(s, "merged"), Agreement.SAME,
                    Long.MAX_VALUE, false, false));
        }
        out.add(new Case("IPv6", Rewrites::ipv6, Agreement.SAME, Long.MAX_VALUE, true, false));
        if (full) {
            out.addAll(pairs(out, rnd));
        }
        return out;
    }

    /** Two rewrites one after the other; the looser agreement of the two. */
    private static List<Case> pairs(List<Case> singles, Random rnd) {
        List<Case> out = new ArrayList<>();
        for (Case a : singles) {
            for (int k = 0; k < 3; k++) {
                Case b = singles.get(rnd.nextInt(singles.size()));
                if (a == b || a.cutAt() != Long.MAX_VALUE && b.cutAt() != Long.MAX_VALUE) {
                    continue;
                }
                // clocks first: a cut or start time then applies to the shifted clocks, as in real life
                Case first = b.agreement() == Agreement.SAME && !b.v6() ? b : a;
                Case second = first == b ? a : b;
                // a cut on clocks running ahead stops that capture earlier in real time: the rules for a cut
                // before the third lost copy go by the earliest real stop
                long cutAt = second.cutAt() == Long.MAX_VALUE ? Math.min(a.cutAt(), b.cutAt())
                        : second.cutAt() - first.clockLead();
                out.add(new Case(first.name() + " + " + second.name(), s -> second.rewrite().apply(first.rewrite().apply(s)),
                        a.agreement() == Agreement.SAME && b.agreement() == Agreement.SAME ? Agreement.SAME : Agreement.WEAKER,
                        cutAt, a.v6() || b.v6(), a.partial() || b.partial()
                                || first.name().startsWith("clocks") && second.cutAt() != Long.MAX_VALUE));
            }
        }
        return out;
    }

    /** The time of the first lost copy (Long.MAX_VALUE: no losses). */
    static long firstLostCopy(AnalysisReport r) {
        return r.losses().stream().flatMap(l -> l.copyTimes().stream()).min(Long::compare).orElse(Long.MAX_VALUE);
    }

    /** The time of the third lost copy over all directions (Long.MAX_VALUE: no losses). */
    static long thirdLostCopy(AnalysisReport r) {
        return thirdLostCopy(r, null);
    }

    /**
     * The time of the third lost TCP copy from {@code v}'s sender to its receiver (all directions when
     * null); Long.MAX_VALUE when none is known (no losses, or only pings, whose copies carry no times).
     */
    static long thirdLostCopy(AnalysisReport r, PathVerdict v) {
        List<Long> times = new ArrayList<>();
        Integer icmp = v == null ? null : v.mtu().icmpMtu();
        for (LossInfo l : r.losses()) {
            if (icmp != null && l.maxIpLength() > icmp) {
                continue; // lost to PMTUD (the router said so): not evidence of this direction's problem
            }
            if (v == null || address(l.from()).equals(v.from()) && address(l.to()).equals(v.to())) {
                times.addAll(l.copyTimes());
            }
        }
        times.sort(null);
        if (times.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return times.get(Math.min(2, times.size() - 1));
    }

    /** The violations of one case against the baseline; empty when the properties hold. */
    static List<String> check(AnalysisReport baseline, AnalysisReport got, Case c) {
        List<String> out = new ArrayList<>();
        for (PathVerdict b : baseline.verdicts()) {
            String from = c.v6() ? v6(b.from()) : b.from();
            String to = c.v6() ? v6(b.to()) : b.to();
            int shift = c.v6() && !b.from().equals(from) ? Ipv6Rewrite.GROWTH : 0;
            PathVerdict g = got.verdicts().stream().filter(v -> v.from().equals(from) && v.to().equals(to)).findFirst()
                    .orElse(null);
            String dir = from + " -> " + to + " (was " + b.status() + ")";
            if (g == null) {
                if (!c.partial() && !c.name().startsWith("snaplen")) {
                    out.add(dir + ": no verdict at all");
                }
                continue;
            }
            PathStatus s = g.status();
            if (b.status().isProblem() && c.cutAt() < thirdLostCopy(baseline, b)) {
                continue; // stopped before this direction's third lost copy (or its losses carry no times): anything goes
            }
            if (c.agreement() == Agreement.SAME && s != b.status()) {
                out.add(dir + ": became " + s + " although no packet was removed: " + g.summary());
            } else if (b.status().isProblem() && s != b.status() && s != PathStatus.INCONCLUSIVE) {
                out.add(dir + ": became " + s + ": " + g.summary());
            } else if (!b.status().isProblem() && s.isProblem() && !(s == PathStatus.RANDOM_LOSS && warnedOfLoss(b))) {
                out.add(dir + ": became a problem, " + s + ": " + g.summary());
            }
            String mtu = mtuConsistent(b.mtu(), g.mtu(), shift);
            if (mtu != null && s == b.status()) {
                out.add(dir + ": MTU " + mtu);
            }
        }
        return out;
    }

    /**
     * The baseline said small packets were lost beside its verdict (a lossy path whose ICMP showed the MTU):
     * with the ICMP cut away, that loss alone is what is left to say.
     */
    private static boolean warnedOfLoss(PathVerdict b) {
        return b.warnings().stream().anyMatch(w -> w.contains("were lost too"));
    }

    /** Null when {@code got} holds what {@code base} knew (shifted by {@code shift} bytes), else why not. */
    static String mtuConsistent(MtuEstimate base, MtuEstimate got, int shift) {
        Integer blo = plus(base.lowerBound(), shift);
        Integer bhi = plus(base.upperBound(), shift);
        Integer glo = got.lowerBound();
        Integer ghi = got.upperBound();
        boolean overlap = (bhi == null || glo == null || glo <= bhi) && (blo == null || ghi == null || blo <= ghi);
        if (!overlap) {
            return got.describe() + " contradicts " + base.describe() + (shift != 0 ? " (+" + shift + " for IPv6)" : "");
        }
        if (base.isExact() && got.isExact() && !got.exact().equals(blo)) {
            return "exactly " + got.exact() + " instead of " + blo;
        }
        return null;
    }

    /** "198.18.1.2" of "198.18.1.2 (a)". */
    private static String address(String named) {
        int sp = named.indexOf(' ');
        return sp < 0 ? named : named.substring(0, sp);
    }

    private static Integer plus(Integer v, int shift) {
        return v == null ? null : v + shift;
    }

    private static String v6(String address) {
        return address.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? Ipv6Rewrite.address(address) : address;
    }

    private static String ms(long nanos) {
        return String.format("%.3fs", nanos / 1e9);
    }

    private static String deltasText(List<String> names, List<Long> deltas) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(names.get(i)).append(String.format("%+.2fs", deltas.get(i) / 1e9));
        }
        return sb.toString();
    }

    /** Where the captures of a broken case are kept (the build's target directory), for a look with analyze. */
    static final Path KEPT = Path.of(System.getProperty("gp.properties.keep", "target/capture-properties"));

    private static void keep(String label, Case c, List<Capture> original, List<Capture> rewritten) {
        try {
            Path d = Files.createDirectories(KEPT.resolve((label + "-" + c.name()).replaceAll("[^A-Za-z0-9+.,=-]+", "_")));
            for (Capture x : rewritten) {
                Captures.write(x, d);
            }
            Path o = Files.createDirectories(d.resolve("original"));
            for (Capture x : original) {
                Captures.write(x, o);
            }
        } catch (IOException e) {
            // only a debugging aid: the violation is reported either way
        }
    }

    private static void deleteTree(Path d) throws IOException {
        try (var s = Files.walk(d)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
