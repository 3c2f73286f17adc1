package io.gossippreflight.probe.agent;

import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The N×N matrix of a mesh, from what every agent found: for each ordered pair X → Y, the
 * verdict X's check gave its outbound direction and the one Y's check gave its inbound direction —
 * the same packets, judged from both ends. A cell shows the worse of the two (a problem over
 * inconclusive over a warning over healthy), and says when they differ. Pure.
 */
public final class MeshMatrix {
    /**
     * One ordered pair.
     *
     * @param verdict the worse of the two judgements, or null when neither end could check
     * @param bySender the sender's own check (its outbound), or null
     * @param byReceiver the receiver's check (its inbound), or null
     * @param error why a judgement is missing, else null
     */
    public record Cell(String from, String to, PathVerdict verdict, PathVerdict bySender, PathVerdict byReceiver,
                       String error) {
        public boolean passes(boolean strict) {
            return verdict != null && PairResult.passes(verdict, strict);
        }

        /** Both ends judged, differently. */
        public boolean disagree() {
            return bySender != null && byReceiver != null && (bySender.status() != byReceiver.status()
                    || !java.util.Objects.equals(bySender.mtu().exact(), byReceiver.mtu().exact()));
        }

        public PathStatus status() {
            return verdict == null ? null : verdict.status();
        }

        public Integer mtu() {
            return verdict == null ? null : verdict.mtu().exact() != null ? verdict.mtu().exact() : verdict.mtu().lowerBound();
        }
    }

    private final List<String> hosts;
    private final List<Cell> cells;

    private MeshMatrix(List<String> hosts, List<Cell> cells) {
        this.hosts = List.copyOf(hosts);
        this.cells = List.copyOf(cells);
    }

    /** @param hosts the mesh's hosts as listed (the agents' labels and the targets' names) */
    public static MeshMatrix of(List<String> hosts, List<PairResult> results) {
        Map<String, PairResult> by = new HashMap<>();
        for (PairResult r : results) {
            by.put(r.agent() + " " + r.target(), r);
        }
        List<Cell> cells = new ArrayList<>();
        for (String x : hosts) {
            for (String y : hosts) {
                if (x.equals(y)) {
                    continue;
                }
                PairResult fromX = by.get(x + " " + y);
                PairResult fromY = by.get(y + " " + x);
                PathVerdict s = fromX == null ? null : fromX.outbound();
                PathVerdict r = fromY == null ? null : fromY.inbound();
                PathVerdict worse = s == null ? r : r == null ? s : rank(r) > rank(s) ? r : s;
                String error = null;
                if (s == null || r == null) {
                    List<String> why = new ArrayList<>();
                    if (s == null) {
                        why.add(fromX == null ? x + " was not asked about " + y : fromX.error());
                    }
                    if (r == null) {
                        why.add(fromY == null ? y + " was not asked about " + x : fromY.error());
                    }
                    error = String.join("; ", why);
                }
                cells.add(new Cell(x, y, worse, s, r, error));
            }
        }
        return new MeshMatrix(hosts, cells);
    }

    /** Higher is worse. */
    static int rank(PathVerdict v) {
        PathStatus s = v.status();
        return s.isProblem() ? 3 : s == PathStatus.INCONCLUSIVE ? 2 : s.isWarning() ? 1 : 0;
    }

    public List<String> hosts() {
        return hosts;
    }

    /** Every ordered pair, row by row. */
    public List<Cell> cells() {
        return cells;
    }

    public Cell cell(String from, String to) {
        return cells.stream().filter(c -> c.from().equals(from) && c.to().equals(to)).findFirst().orElse(null);
    }

    /** Pairs that fail, worst first (unchecked, then problems, inconclusive, strict warnings), then by name. */
    public List<Cell> failing(boolean strict) {
        return cells.stream().filter(c -> !c.passes(strict))
                .sorted(Comparator.comparingInt((Cell c) -> c.verdict() == null ? -1 : -rank(c.verdict()))
                        .thenComparing(Cell::from).thenComparing(Cell::to)).toList();
    }

    public boolean passed(boolean strict) {
        return cells.stream().allMatch(c -> c.passes(strict));
    }
}
