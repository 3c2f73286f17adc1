package io.gossippreflight.cli.render;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The probes of one direction summed up: per kind (ladder, bisection, shadow round, UDP), how
 * many, the largest size that crossed, the smallest lost, how many came late, and their round
 * trips. Text, JSON and HTML read it, so they say the same.
 */
public final class ProbeDigest {
    /** One kind of probe in one direction. */
    public record Phase(ProbeKind kind, int probes, int crossed, int late, int lost, Integer largestCrossed,
            Integer smallestLost, double rttMinMillis, double rttMedianMillis, double rttMaxMillis) {
        /** "ladder: 18 probes, crossed up to 1,045 B, lost from 2,052 B, round trip 1.9-478 ms (median 45)". */
        public String text() {
            List<String> parts = new ArrayList<>();
            parts.add(probes + " probe" + (probes == 1 ? "" : "s"));
            if (largestCrossed != null) {
                parts.add(String.format(Locale.ROOT, "crossed up to %,d B", largestCrossed));
            }
            if (smallestLost != null) {
                parts.add(String.format(Locale.ROOT, "lost from %,d B", smallestLost));
            }
            if (late > 0) {
                parts.add(late + " late (after a retransmission)");
            }
            if (crossed + late > 0) {
                parts.add(String.format(Locale.ROOT, "time to cross %s-%s ms (median %s)", ms(rttMinMillis), ms(rttMaxMillis),
                        ms(rttMedianMillis)));
            }
            return name(kind) + ": " + String.join(", ", parts);
        }
    }

    private ProbeDigest() {
    }

    public static String name(ProbeKind k) {
        return switch (k) {
            case LADDER -> "ladder";
            case BISECT -> "bisection";
            case SHADOW -> "shadow round";
            case UDP -> "DF UDP";
        };
    }

    static String ms(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The probes of a direction, in the order they were sent. */
    public static List<ProbeRecord> of(TargetReport r, Direction d) {
        return r.probes().stream().filter(p -> p.direction() == d).toList();
    }

    public static List<Phase> phases(TargetReport r, Direction d) {
        List<Phase> out = new ArrayList<>();
        for (ProbeKind k : ProbeKind.values()) {
            List<ProbeRecord> ps = of(r, d).stream().filter(p -> p.kind() == k && p.outcome() != ProbeOutcome.NOT_SENT).toList();
            if (ps.isEmpty()) {
                continue;
            }
            int crossed = 0;
            int late = 0;
            int lost = 0;
            Integer big = null;
            Integer small = null;
            List<Double> rtts = new ArrayList<>();
            for (ProbeRecord p : ps) {
                switch (p.outcome()) {
                    case CROSSED -> crossed++;
                    case CROSSED_LATE -> late++;
                    default -> lost++;
                }
                if (p.outcome().crossed()) {
                    big = big == null ? p.ipSize() : Math.max(big, p.ipSize());
                    rtts.add(p.elapsed().toNanos() / 1e6);
                } else {
                    small = small == null ? p.ipSize() : Math.min(small, p.ipSize());
                }
            }
            rtts.sort(null);
            double min = rtts.isEmpty() ? 0 : rtts.get(0);
            double max = rtts.isEmpty() ? 0 : rtts.get(rtts.size() - 1);
            double median = rtts.isEmpty() ? 0 : rtts.get(rtts.size() / 2);
            out.add(new Phase(k, ps.size(), crossed, late, lost, big, small, min, median, max));
        }
        return out;
    }
}
