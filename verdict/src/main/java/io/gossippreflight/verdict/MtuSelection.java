package io.gossippreflight.verdict;

import java.util.List;

/**
 * Picks the path MTU of one direction from everything known about it. A pure function with
 * table tests: the analyzer and the probe feed it the same kinds of facts.
 */
public final class MtuSelection {
    /** IPv4's minimum MTU (RFC 791): a smaller ICMP value is bogus. */
    static final int MIN_V4 = 68;
    /** IPv6's minimum link MTU (RFC 8200): a smaller Packet Too Big is ignored (RFC 8201). */
    static final int MIN_V6 = 1280;
    /** The datagram every IPv4 host must accept (RFC 791, RFC 1122 3.3.2); no real path between nodes is smaller. */
    static final int CARRIED_V4 = 576;

    /**
     * Facts about one direction.
     *
     * @param ipVersion         4 or 6
     * @param largestDelivered  largest IP packet that crossed (single wire packet), or null
     * @param smallestLost      smallest IP packet lost while smaller ones crossed, or null
     * @param icmpReports       ICMP reports: each {mtu, quotedLength}; mtu 0 = router gave none
     * @param clampedMss        an MSS rewritten by a middlebox, or null
     * @param bisected          exact MTU from DF probing, or null
     * @param kernelPmtu        the kernel's path MTU for the peer, or null
     */
    public record Facts(int ipVersion, Integer largestDelivered, Integer smallestLost, List<int[]> icmpReports,
            Integer clampedMss, Integer bisected, Integer kernelPmtu) {
        public Facts {
            icmpReports = icmpReports == null ? List.of() : List.copyOf(icmpReports);
        }
    }

    private MtuSelection() {
    }

    /** The smallest MTU a router may report (RFC 791, RFC 8200): a smaller ICMP value is bogus. */
    public static int minimumMtu(int ipVersion) {
        return ipVersion == 6 ? MIN_V6 : MIN_V4;
    }

    /**
     * The packet size every path carries: 576 bytes for IPv4 (what every host must accept, and no
     * link between cluster nodes is smaller), 1280 for IPv6 (its minimum link MTU). A packet no
     * bigger than this that was lost was lost to something other than its size.
     */
    public static int sizeEveryPathCarries(int ipVersion) {
        return ipVersion == 6 ? MIN_V6 : CARRIED_V4;
    }

    public static MtuEstimate select(Facts f) {
        Integer lo = f.largestDelivered();
        Integer lost = f.smallestLost();
        if (lo != null && lost != null && lost <= lo) {
            lost = null; // something this size crossed: that loss is not about size
        }
        int min = minimumMtu(f.ipVersion());
        Integer icmp = null;
        Integer plateau = null;
        for (int[] r : f.icmpReports()) {
            int mtu = r[0];
            if (mtu == 0 && f.ipVersion() == 4 && r[1] > 0) {
                int p = Rfc1191.plateauBelow(r[1]);
                plateau = plateau == null ? p : Math.min(plateau, p);
            } else if (mtu >= min) {
                icmp = icmp == null ? mtu : Math.min(icmp, mtu);
            }
        }
        if (f.bisected() != null) {
            return new MtuEstimate(f.bisected(), null, lo, lost, icmp, MtuEstimate.Source.BISECTION);
        }
        if (icmp != null) {
            return new MtuEstimate(icmp, null, lo, lost, icmp, MtuEstimate.Source.ICMP);
        }
        if (f.kernelPmtu() != null && f.kernelPmtu() >= min && (lost == null || f.kernelPmtu() < lost)) {
            return new MtuEstimate(f.kernelPmtu(), null, lo, lost, null, MtuEstimate.Source.KERNEL);
        }
        if (lo != null && lost != null && lost == lo + 1) {
            return new MtuEstimate(lo, null, lo, lost, null, MtuEstimate.Source.ADJACENT_SIZES);
        }
        Integer estimate = null;
        MtuEstimate.Source source = MtuEstimate.Source.NONE;
        if (plateau != null && within(plateau, lo, lost)) {
            estimate = plateau;
            source = MtuEstimate.Source.PLATEAU;
        } else if (f.clampedMss() != null) {
            int implied = f.clampedMss() + (f.ipVersion() == 6 ? 60 : 40);
            if (within(implied, lo, lost)) {
                estimate = implied;
                source = MtuEstimate.Source.MSS_CLAMP;
            }
        }
        return new MtuEstimate(null, estimate, lo, lost, null, source);
    }

    private static boolean within(int v, Integer lo, Integer lost) {
        return (lo == null || v >= lo) && (lost == null || v < lost);
    }
}
