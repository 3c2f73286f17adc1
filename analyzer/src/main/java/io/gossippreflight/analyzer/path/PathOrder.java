package io.gossippreflight.analyzer.path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders the capture points one direction of traffic (host A to host B) crosses. Hops from A
 * come first: each router lowers the TTL, so a point seeing A's packets with a higher TTL is
 * closer to A. Points at the same hop count (the host and the router interface facing it, the
 * two ends of one link) are ordered by when they saw the same packets, clocks corrected.
 */
public final class PathOrder {
    /**
     * Where a point saw A's packets to B.
     *
     * @param maxTtl    highest TTL / hop limit of A's packets there
     * @param firstTime when the first of them was seen (point's clock)
     * @param capture   the capture the point belongs to
     */
    public record Sighting(int point, int maxTtl, long firstTime, String capture) {
    }

    /** The initial TTL A most likely used: the smallest common default at or above what was seen. */
    public static int initialTtl(int maxTtlSeen) {
        if (maxTtlSeen <= 32) {
            return 32;
        }
        if (maxTtlSeen <= 64) {
            return 64;
        }
        if (maxTtlSeen <= 128) {
            return 128;
        }
        return 255;
    }

    private PathOrder() {
    }

    /**
     * @param srcKey     {@link io.gossippreflight.analyzer.pass.PacketSampler#addressKey} of A
     * @param dstKey     same for B
     * @param givenOrder capture names from one end of the path to the other, or null to infer
     * @return point indexes from A towards B
     */
    public static List<Integer> order(long srcKey, long dstKey, List<Sighting> sightings, ClockOffsets clocks,
            List<String> givenOrder) {
        if (sightings.isEmpty()) {
            return List.of();
        }
        int top = sightings.stream().mapToInt(Sighting::maxTtl).max().orElse(64);
        int initial = initialTtl(top);
        int maxHops = sightings.stream().mapToInt(x -> initial - x.maxTtl()).max().orElse(0);
        Map<String, Long> pointsPerCapture = new HashMap<>();
        for (Sighting x : sightings) {
            pointsPerCapture.merge(x.capture(), 1L, Long::sum);
        }
        Comparator<Sighting> byHopsThenTime = (x, y) -> {
            int hx = initial - x.maxTtl();
            int hy = initial - y.maxTtl();
            if (hx != hy) {
                return Integer.compare(hx, hy);
            }
            // a capture taken on an end host (one point on this path) is that host itself: it comes
            // before the router interface facing it at the sender's end, after it at the receiver's
            boolean hostX = pointsPerCapture.get(x.capture()) == 1;
            boolean hostY = pointsPerCapture.get(y.capture()) == 1;
            if (hostX != hostY && (hx == 0 || hx == maxHops)) {
                boolean first = hx == 0;
                return hostX == first ? -1 : 1;
            }
            return -Long.signum(transit(x, y, srcKey, dstKey, clocks));
        };
        List<Sighting> sorted = new ArrayList<>(sightings);
        if (givenOrder == null) {
            insertionSort(sorted, byHopsThenTime);
        } else {
            // captures as given, from whichever end A is at; points of one capture by hops/time
            int firstListed = sightings.stream().mapToInt(x -> givenOrder.indexOf(x.capture())).min().orElse(0);
            int lastListed = sightings.stream().mapToInt(x -> givenOrder.indexOf(x.capture())).max().orElse(0);
            int ttlFirst = maxTtlOf(sightings, givenOrder.get(firstListed));
            int ttlLast = maxTtlOf(sightings, givenOrder.get(lastListed));
            int sign = ttlFirst >= ttlLast ? 1 : -1;
            insertionSort(sorted, (x, y) -> {
                int c = sign * Integer.compare(givenOrder.indexOf(x.capture()), givenOrder.indexOf(y.capture()));
                return c != 0 ? c : byHopsThenTime.compare(x, y);
            });
        }
        List<Integer> out = new ArrayList<>();
        for (Sighting s : sorted) {
            out.add(s.point());
        }
        return out;
    }

    private static int maxTtlOf(List<Sighting> sightings, String capture) {
        return sightings.stream().filter(x -> x.capture().equals(capture)).mapToInt(Sighting::maxTtl).max().orElse(0);
    }

    /**
     * Positive when y is further from A than x: A's packets reach y after x, and B's packets
     * reach x after y (votes over matched packets, clocks corrected; µs timestamps often tie).
     */
    static long transit(Sighting x, Sighting y, long srcKey, long dstKey, ClockOffsets clocks) {
        ClockOffsets.Offset off = clocks == null ? null : clocks.between(x.point(), y.point());
        long theta = off == null ? 0 : off.offsetNanos();
        if (clocks != null) {
            long votes = 0;
            for (long[] r : clocks.matches(x.point(), y.point())) {
                long d = r[3] - r[2] - theta;
                if (r[0] == srcKey && r[1] == dstKey) {
                    votes += Long.signum(d);
                } else if (r[0] == dstKey && r[1] == srcKey) {
                    votes -= Long.signum(d);
                }
            }
            if (votes != 0) {
                return votes;
            }
        }
        return (y.firstTime() - theta) - x.firstTime();
    }

    /** Stable, and tolerant of a comparator that is not perfectly transitive. */
    private static <T> void insertionSort(List<T> list, Comparator<T> c) {
        for (int i = 1; i < list.size(); i++) {
            T v = list.get(i);
            int j = i - 1;
            while (j >= 0 && c.compare(list.get(j), v) > 0) {
                list.set(j + 1, list.get(j));
                j--;
            }
            list.set(j + 1, v);
        }
    }
}
