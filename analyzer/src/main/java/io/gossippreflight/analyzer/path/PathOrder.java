package io.gossippreflight.analyzer.path;

import java.util.ArrayList;
import java.util.Arrays;
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
        Map<Integer, Sighting> byPoint = new HashMap<>();
        for (Sighting s : sightings) {
            byPoint.put(s.point(), s);
        }
        Comparator<Sighting> byHopsThenTime = (x, y) -> {
            int hx = initial - x.maxTtl();
            int hy = initial - y.maxTtl();
            if (hx != hy) {
                return Integer.compare(hx, hy);
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

    /** Positive when y saw A's packets after x (median over matched packets, clocks corrected). */
    static long transit(Sighting x, Sighting y, long srcKey, long dstKey, ClockOffsets clocks) {
        ClockOffsets.Offset off = clocks == null ? null : clocks.between(x.point(), y.point());
        long theta = off == null ? 0 : off.offsetNanos();
        if (clocks != null) {
            List<long[]> m = clocks.matches(x.point(), y.point());
            long[] d = m.stream().filter(r -> r[0] == srcKey && r[1] == dstKey).mapToLong(r -> r[3] - r[2] - theta)
                    .toArray();
            if (d.length > 0) {
                Arrays.sort(d);
                long med = d[d.length / 2];
                if (med != 0) {
                    return med;
                }
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
