package io.gossippreflight.probe.watch;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.ClusterNeeds;
import io.gossippreflight.probe.check.SearchHint;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The decisions of {@code probe watch}, as pure functions: how light the next check of a target
 * may be, whether its verdict changed, when the next round starts.
 */
public final class WatchPolicy {
    /**
     * The quick re-check's ladder: a message of one small packet, one at the common 1,400-byte
     * tunnel size, one of full segments at any MTU, one of several frames; the bisection then
     * tries the limits the last check pinned first ({@link SearchHint}).
     */
    public static final List<Integer> QUICK_LADDER = List.of(300, 1_400, 16_384, 140_000);
    /** Each interval is stretched or shrunk by up to this share, so many watchers never beat in step. */
    public static final double JITTER = 0.1;

    private WatchPolicy() {
    }

    /** The options of the next check: the full check without a last verdict, else the quick one around it. */
    public static CheckOptions next(CheckOptions full, TargetReport last) {
        if (last == null) {
            return full;
        }
        return full.withLadder(QUICK_LADDER).withHint(new SearchHint(last.outbound().mtu().exact(),
                last.inbound().mtu().exact()));
    }

    /** True when the two reports differ in what a person acts on: a status, an MTU, pass or fail. */
    public static boolean changed(TargetReport before, TargetReport after, boolean strict) {
        if (before == null || after == null) {
            return before != after;
        }
        return !key(before.outbound()).equals(key(after.outbound())) || !key(before.inbound()).equals(key(after.inbound()))
                || before.passed(strict) != after.passed(strict);
    }

    private static List<Object> key(PathVerdict v) {
        return java.util.Arrays.asList(v.status(), v.mtu().exact(), v.status() == PathStatus.BLACK_HOLE
                ? v.mtu().upperBound() : null);
    }

    /** "us → target BLACK_HOLE 1422, target → us PMTUD_WORKS 1422": a verdict in one line. */
    public static String describe(TargetReport r) {
        return describe(Direction.OUTBOUND, r.outbound()) + ", " + describe(Direction.INBOUND, r.inbound());
    }

    private static String describe(Direction d, PathVerdict v) {
        Integer mtu = v.mtu().exact() != null ? v.mtu().exact() : v.mtu().safeValue();
        return d.arrow() + " " + v.status() + (mtu == null ? "" : (v.mtu().isExact() ? " " : " >=") + mtu);
    }

    /** {@code interval} stretched by {@code u} in [0, 1): between (1 − JITTER) and (1 + JITTER) times it. */
    public static Duration jittered(Duration interval, double u) {
        if (u < 0 || u >= 1) {
            throw new IllegalArgumentException("u must be in [0, 1), got " + u);
        }
        double factor = 1 - JITTER + 2 * JITTER * u;
        return Duration.ofNanos((long) (interval.toNanos() * factor));
    }

    /**
     * The largest message seen crossing in direction {@code d} at the sender's own segment size
     * (ladder and shadow-round messages; bisection probes travel at a size under test), or null.
     */
    public static Integer largestCrossing(TargetReport r, Direction d) {
        Integer best = null;
        for (ProbeRecord p : r.probes()) {
            if (p.direction() == d && p.outcome().crossed() && (p.kind() == ProbeKind.LADDER || p.kind() == ProbeKind.SHADOW)
                    && (best == null || p.messageBytes() > best)) {
                best = p.messageBytes();
            }
        }
        return best;
    }

    /** The largest message this cluster needs to cross in direction {@code d}, or null when unknown. */
    public static Integer largestNeeded(TargetReport r, Direction d) {
        ClusterNeeds n = r.needs();
        if (n == null) {
            return null;
        }
        return n.messages().stream().filter(m -> m.direction() == d).map(ClusterNeeds.Needed::bytes)
                .max(Integer::compare).orElse(null);
    }

    /** "quick" or "full". */
    public static String describeKind(WatchEvent e) {
        return lower(e.kind());
    }

    static String lower(Enum<?> e) {
        return Objects.requireNonNull(e).name().toLowerCase(Locale.ROOT);
    }
}
