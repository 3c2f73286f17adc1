package io.gossippreflight.analyzer.diagnose;

import io.gossippreflight.verdict.MtuSelection;
import io.gossippreflight.verdict.RuleOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything known about one host-to-host direction, gathered from all connections and points
 * ({@link FactCollector}), with places already named: the {@link Diagnoser}'s only input, so its
 * rules can be table-tested without captures.
 */
final class DirectionFacts {
    final String from;
    final String to;
    /** "198.18.1.2 (a)" when a capture was taken on that host. */
    final String fromName;
    final String toName;
    final int ipVersion;
    /** The receiving port of the connections (the gossip port), for suggested commands. */
    int port;
    long dataPackets;
    long retransPackets;
    long superSegments;
    int connections;
    int largestDelivered;
    final List<LostPacket> lost = new ArrayList<>();
    /**
     * IP sizes of packets whose fate these captures cannot tell: still in flight when they ended, or
     * pings whose receiver was not captured.
     */
    final List<Integer> inFlight = new ArrayList<>();
    final List<IcmpFact> icmp = new ArrayList<>();
    /** Connections this direction's sender opened towards the receiver. */
    int attempts;
    int answered;
    int refused;
    Long firstRefusal;
    int unanswered;
    /** Attempts whose SYN was still within its retransmission timeout when the capture ended. */
    int synPending;
    /** {mss at the sender side, mss at the receiver side} where a middlebox changed it. */
    final List<int[]> mssRewrites = new ArrayList<>();
    long undeliveredBytes;
    /** Echo requests/replies sent this way. */
    int pings;
    /** The point nearest the sender that saw this direction ("gb#if3"), or null. */
    String firstPoint;
    /** Hops from the sender to {@link #firstPoint}: 0 when it sees everything the sender sends. */
    int firstPointHops;
    /** Too-big messages sent to this direction's sender that a snap length made unreadable. */
    long unreadableIcmp;
    /** The router where packets die, when a capture there says so ("the router at ga"), or null. */
    String routerGuess;

    DirectionFacts(String from, String to, String fromName, String toName, int ipVersion) {
        this.from = from;
        this.to = to;
        this.fromName = fromName;
        this.toName = toName;
        this.ipVersion = ipVersion;
    }

    /** The facts as the shared rule order reads them. */
    RuleOrder.Facts rules() {
        return new RuleOrder.Facts(connectivity(), lossNotSize(), icmpKind(), !mssRewrites.isEmpty(),
                !bigLosses().isEmpty(), crossed(), lossHidden());
    }

    RuleOrder.Connectivity connectivity() {
        if (dataPackets == 0 && attempts > 0 && answered == 0 && (refused > 0 || unanswered > 0)) {
            return refused > 0 ? RuleOrder.Connectivity.REFUSED : RuleOrder.Connectivity.UNANSWERED;
        }
        return RuleOrder.Connectivity.CONNECTED;
    }

    RuleOrder.Icmp icmpKind() {
        if (icmp.isEmpty()) {
            return unreadableIcmp > 0 ? RuleOrder.Icmp.UNREADABLE : RuleOrder.Icmp.NONE;
        }
        if (blockedIcmp() != null) {
            return RuleOrder.Icmp.NOT_DELIVERED;
        }
        return ignoredIcmp() != null ? RuleOrder.Icmp.IGNORED : RuleOrder.Icmp.OBEYED;
    }

    /** The last ICMP seen on the way that never reached the sender, or null. */
    IcmpFact blockedIcmp() {
        IcmpFact out = null;
        for (IcmpFact i : icmp) {
            if (Boolean.FALSE.equals(i.reachedSender())) {
                out = i;
            }
        }
        return out;
    }

    /** The last ICMP that reached a sender which kept sending too-big packets, or null. */
    IcmpFact ignoredIcmp() {
        IcmpFact out = null;
        for (IcmpFact i : icmp) {
            if (!Boolean.FALSE.equals(i.reachedSender()) && Boolean.FALSE.equals(i.senderReacted())) {
                out = i;
            }
        }
        return out;
    }

    boolean crossed() {
        return largestDelivered > 0;
    }

    /**
     * A loss could hide from these captures: copies bigger than anything that crossed were still in
     * flight when they ended, or the first point that saw the direction is past the sender's link
     * (what dies before it leaves no trace).
     */
    boolean lossHidden() {
        return !inFlightAboveDelivered().isEmpty() || firstPoint != null && firstPointHops > 0 || loneLossAmongFew();
    }

    /**
     * One small copy lost among so few packets that it is no noise (at least {@link #LOSS_SHARE} of them),
     * yet one loss is too few to call random loss: a capture cut short on a lossy path leaves just that
     * (the later losses still in flight). Never healthy.
     */
    boolean loneLossAmongFew() {
        return smallLosses().size() == 1 && 1 >= LOSS_SHARE * Math.max(1, dataPackets + pings);
    }

    /** In-flight copies bigger than anything that crossed: whether they arrive is what decides. */
    List<Integer> inFlightAboveDelivered() {
        List<Integer> out = new ArrayList<>();
        for (int s : inFlight) {
            if (s > largestDelivered) {
                out.add(s);
            }
        }
        return out;
    }

    /** A note when sender-side offload made packets larger than the wire allows. */
    String superSegmentsNote() {
        if (superSegments == 0) {
            return "";
        }
        return superSegments + " packet(s) larger than the path allows were TSO/GRO super-segments (the NIC split"
                + " them), not losses";
    }

    int smallestLost() {
        int m = Integer.MAX_VALUE;
        for (LostPacket s : bigLosses()) {
            m = Math.min(m, s.ipLength());
        }
        return m == Integer.MAX_VALUE ? -1 : m;
    }

    int largestLost() {
        return bigLosses().stream().mapToInt(LostPacket::ipLength).max().orElse(0);
    }

    /** Small losses count as random loss from this share of data packets on (below: noise). */
    static final double LOSS_SHARE = 0.01;

    /**
     * Losses of packets no bigger than ones that crossed, beyond noise; or bytes at such sizes that
     * never arrived although copies of them died twice: a stalled range is never noise.
     */
    boolean lossNotSize() {
        List<LostPacket> small = smallLosses();
        int n = small.size();
        if (n >= 2 && n >= LOSS_SHARE * Math.max(1, dataPackets + pings)) {
            return true;
        }
        return small.stream().filter(LostPacket::neverDelivered).count() >= 2;
    }

    /**
     * The size up to which a loss says nothing about the MTU: the largest packet that crossed, and never
     * less than what every path carries ({@link MtuSelection#sizeEveryPathCarries}): a lost 53-byte
     * segment is loss even when nothing but bare acknowledgements crossed.
     */
    int sizeKnownToCross() {
        return Math.max(largestDelivered, MtuSelection.sizeEveryPathCarries(ipVersion));
    }

    /** Lost copies larger than anything that crossed (and than what every path carries). */
    List<LostPacket> bigLosses() {
        List<LostPacket> out = new ArrayList<>();
        int known = sizeKnownToCross();
        for (LostPacket s : lost) {
            if (s.ipLength() > known) {
                out.add(s);
            }
        }
        return out;
    }

    /** The smallest MTU a router reported about this direction, or MAX_VALUE. */
    int icmpMtu() {
        int m = Integer.MAX_VALUE;
        for (IcmpFact i : icmp) {
            if (i.mtu() >= MtuSelection.minimumMtu(ipVersion)) {
                m = Math.min(m, i.mtu());
            }
        }
        return m;
    }

    /**
     * Lost copies no larger than something that crossed: loss that is not about size. Copies over an
     * MTU a router reported are lost by design until the sender learns it: they are not among them.
     */
    List<LostPacket> smallLosses() {
        List<LostPacket> out = new ArrayList<>();
        int icmpMtu = icmpMtu();
        int known = sizeKnownToCross();
        for (LostPacket s : lost) {
            if (s.ipLength() <= known && s.ipLength() <= icmpMtu) {
                out.add(s);
            }
        }
        return out;
    }
}
