package io.gossippreflight.analyzer.diagnose;

import io.gossippreflight.analyzer.icmp.IcmpFinding;
import io.gossippreflight.analyzer.pass.EchoRecord;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.path.PathModel;
import io.gossippreflight.analyzer.path.SegmentFate;
import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.Fixes;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.MtuSelection;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the facts about each host-to-host direction into a {@link PathVerdict}: black hole
 * (big packets die, no ICMP reaches the sender), PMTUD working, random loss, clamping,
 * unreachable or refused, healthy.
 */
public final class Diagnoser {
    private final PathModel model;
    private final Places places;
    private final int defaultPort;

    public Diagnoser(PathModel model, Places places, int defaultPort) {
        this.model = model;
        this.places = places;
        this.defaultPort = defaultPort;
    }

    public List<PathVerdict> diagnose(List<SegmentFate> fates, List<IcmpFinding> icmp, List<EchoRecord> echoes) {
        List<PathVerdict> out = new ArrayList<>();
        Map<HostDirection, List<SegmentFate>> fatesBy = new java.util.HashMap<>();
        for (SegmentFate s : fates) {
            fatesBy.computeIfAbsent(s.hostDirection(), x -> new ArrayList<>()).add(s);
        }
        Map<HostDirection, List<IcmpFinding>> icmpBy = new java.util.HashMap<>();
        for (IcmpFinding i : icmp) {
            icmpBy.computeIfAbsent(i.about(), x -> new ArrayList<>()).add(i);
        }
        Pings.Index pings = new Pings.Index(model, echoes);
        for (HostDirection hd : model.directions()) {
            DirectionFacts f = DirectionFacts.collect(model, hd, fatesBy.getOrDefault(hd, List.of()),
                    icmpBy.getOrDefault(hd, List.of()), pings);
            if (f.connections == 0 && f.pings == 0 || f.dataPackets == 0 && f.attempts == 0 && f.icmp.isEmpty() && f.pings == 0) {
                continue; // only acknowledgements went this way: nothing to judge
            }
            out.add(verdict(f));
        }
        return out;
    }

    private PathVerdict verdict(DirectionFacts f) {
        String from = f.hd.src();
        String to = f.hd.dst();
        String fromName = places.host(from);
        String toName = places.host(to);
        int v = f.hd.ipVersion();
        int port = f.serverPort > 0 ? f.serverPort : defaultPort;
        List<Evidence> ev = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        addRefusals(f, ev);

        if (f.dataPackets == 0 && f.attempts > 0 && f.answered == 0) {
            PathStatus s = f.refused > 0 ? PathStatus.REFUSED : PathStatus.UNREACHABLE;
            String text = s == PathStatus.REFUSED
                    ? f.refused + " connection attempt(s) from " + fromName + " to " + toName + ":" + port
                            + " were refused (RST): nothing listens there, or a firewall rejects."
                    : f.unanswered + " connection attempt(s) from " + fromName + " to " + toName + ":" + port
                            + " got no answer: a firewall drops them, or the route is wrong.";
            List<Fix> fixes = List.of(new Fix(Fix.Kind.OTHER, fromName, "nc -vz -w 3 " + to + " " + port,
                    "check reachability of the gossip port from this host"));
            return new PathVerdict(from, to, s, MtuEstimate.unknown(), Confidence.MEDIUM, text, ev, fixes, warnings);
        }

        List<int[]> reports = new ArrayList<>();
        for (IcmpFinding i : f.icmp) {
            reports.add(new int[] {i.mtuFromPlateau() ? 0 : i.mtu(), i.event().quotedTotalLength()});
        }
        Integer clamped = f.mssRewrites.isEmpty() ? null : f.mssRewrites.get(0)[1];
        int smallestLost = f.smallestLost();
        MtuEstimate mtu = MtuSelection.select(new MtuSelection.Facts(v, f.largestDelivered > 0 ? f.largestDelivered : null,
                smallestLost > 0 ? smallestLost : null, reports, clamped, null, null));

        addLossEvidence(f, ev);
        for (IcmpFinding i : f.icmp) {
            ev.add(icmpEvidence(i));
        }
        for (int[] r : f.mssRewrites) {
            ev.add(Evidence.of(Evidence.Kind.MSS_REWRITTEN, null, null, "SYN left " + fromName + " with MSS " + r[0]
                    + " and arrived with MSS " + r[1] + ": a middlebox clamps the MSS", "sent", r[0], "received", r[1]));
        }
        if (f.largestDelivered > 0) {
            ev.add(Evidence.of(Evidence.Kind.PACKET_DELIVERED, null, null, "largest packet that crossed: "
                    + f.largestDelivered + " bytes", "ipLength", f.largestDelivered));
        }

        // 1. Loss of packets no bigger than ones that crossed: the path is lossy, whatever its MTU
        List<LostPacket> small = f.smallLosses();
        List<LostPacket> big = f.bigLosses();
        if (f.significantSmallLoss()) {
            double rate = f.dataPackets + f.pings == 0 ? 0 : 100.0 * f.lost.size() / (f.dataPackets + f.pings);
            String text = String.format("Packet loss, not an MTU limit: %d of %d packets from %s were lost, "
                    + "including %d no bigger than packets that crossed (%d bytes).", f.lost.size(), f.dataPackets + f.pings,
                    fromName, small.size(), f.largestDelivered);
            if (!big.isEmpty()) {
                warnings.add(big.size() + " of the lost packets were bigger than anything that crossed; re-check the MTU"
                        + " once the loss is fixed");
            }
            List<Fix> fixes = List.of(new Fix(Fix.Kind.OTHER, "every hop on the path",
                    "ip -s link; ethtool -S IF | grep -i -E 'drop|err'",
                    "look for the lossy link or a policer; lowering the MTU will not help"));
            ev.add(Evidence.of(Evidence.Kind.RETRANSMISSIONS, null, null, String.format("%.2f%% of data packets lost", rate),
                    "lost", f.lost.size(), "dataPackets", f.dataPackets));
            return new PathVerdict(from, to, PathStatus.RANDOM_LOSS, mtu, Confidence.MEDIUM, text, ev, fixes, warnings);
        }


        // 2. ICMP evidence decides PMTUD questions
        if (!f.icmp.isEmpty()) {
            IcmpFinding blocked = null;
            IcmpFinding ignored = null;
            for (IcmpFinding i : f.icmp) {
                if (Boolean.FALSE.equals(i.reachedSender())) {
                    blocked = i;
                } else if (Boolean.FALSE.equals(i.senderReacted())) {
                    ignored = i;
                }
            }
            if (blocked != null) {
                String text = "MTU black hole: " + places.host(blocked.router()) + " reported MTU " + blocked.mtu()
                        + " (ICMP frag-needed, seen at " + places.point(blocked.seenAt().get(0))
                        + ") but it never reached " + fromName + "; packets over " + blocked.mtu() + " bytes die.";
                return new PathVerdict(from, to, PathStatus.BLACK_HOLE, mtu, Confidence.HIGH, text, ev,
                        blackHoleFixes(f, mtu, port, blocked.router()), warnings);
            }
            if (ignored != null) {
                String text = fromName + " received the ICMP frag-needed from " + places.host(ignored.router()) + " (MTU "
                        + ignored.mtu() + ") but kept sending bigger packets: something on " + fromName
                        + " drops the ICMP after capture (host firewall), so it acts as a black hole.";
                return new PathVerdict(from, to, PathStatus.BLACK_HOLE, mtu, Confidence.HIGH, text, ev,
                        blackHoleFixes(f, mtu, port, fromName), warnings);
            }
            IcmpFinding i = f.icmp.get(0);
            String reached = Boolean.TRUE.equals(i.reachedSender()) ? "reached " + fromName
                    : "was sent (no capture at " + fromName + " to confirm it arrived)";
            String reacted = Boolean.TRUE.equals(i.senderReacted()) ? "; the sender adapted"
                    + (i.learnedMss() > 0 ? " (later connections advertise MSS " + i.learnedMss() + ")" : "")
                    : "";
            String text = "Path MTU " + mtu.describe() + ": " + places.host(i.router()) + "'s ICMP frag-needed " + reached + reacted
                    + ". Works, but relies on ICMP getting through; each new peer's first big message waits a round trip.";
            if (!f.superSegmentsNote().isEmpty()) {
                warnings.add(f.superSegmentsNote());
            }
            warnings.add("PMTUD depends on ICMP reaching " + fromName + "; pin the MTU to stop relying on it");
            List<Fix> fixes = new ArrayList<>();
            if (mtu.safeValue() != null) {
                fixes.add(Fixes.routeMtuLock(fromName, to, null, null, null, mtu.safeValue(), v));
            }
            return new PathVerdict(from, to, PathStatus.PMTUD_WORKS, mtu, Confidence.HIGH, text, ev, fixes, warnings);
        }

        // 3. Losses without any ICMP
        if (!small.isEmpty() && !f.significantSmallLoss()) {
            warnings.add(small.size() + " small packet(s) were lost too (noise, not size-related)");
        }
        if (!big.isEmpty() && !f.significantSmallLoss()) {
            int copies = big.size();
            boolean multi = big.stream().anyMatch(LostPacket::died);
            Confidence conf = multi && copies >= 2 ? Confidence.HIGH : copies >= 3 ? Confidence.MEDIUM : Confidence.LOW;
            String where = commonPlace(f);
            String sizes = smallestLost == largestLost(f) ? String.valueOf(smallestLost) : smallestLost + "-" + largestLost(f);
            String text = "MTU black hole: " + copies + " packet(s) of " + sizes
                    + " bytes from " + fromName + " died " + (where == null ? "on the way" : where)
                    + ", and no ICMP frag-needed reached " + fromName + ". Packets up to " + f.largestDelivered
                    + " bytes crossed: " + mtu.describe() + ".";
            if (f.icmp.isEmpty()) {
                ev.add(Evidence.of(Evidence.Kind.NO_ICMP, null, null, "no ICMP frag-needed / Packet Too Big about this direction "
                        + "in any capture"));
            }
            return new PathVerdict(from, to, PathStatus.BLACK_HOLE, mtu, conf, text, ev,
                    blackHoleFixes(f, mtu, port, routerGuess(f)), warnings);
        }
        // 4. Everything crossed
        if (clamped != null) {
            String text = "Healthy for TCP, but a middlebox clamps the MSS to " + clamped + " (" + mtu.describe()
                    + "): TCP fits, anything else (UDP) would meet the smaller MTU.";
            warnings.add("MSS clamping hides the real path MTU from TCP");
            return new PathVerdict(from, to, PathStatus.MSS_CLAMPED, mtu, Confidence.HIGH, text, ev, List.of(), warnings);
        }
        if (f.dataPackets > 0 || f.pings > 0) {
            String text = "Healthy: " + (f.dataPackets + f.pings) + " packets from " + fromName + " to " + toName
                    + " crossed, the largest " + f.largestDelivered + " bytes; " + (f.lost.isEmpty() ? "no loss" : "no size-related loss")
                    + ", no ICMP.";
            if (!f.unknown.isEmpty()) {
                warnings.add(f.unknown.size() + " packet(s) were still in flight when the capture ended");
            }
            if (!f.superSegmentsNote().isEmpty()) {
                warnings.add(f.superSegmentsNote());
            }
            return new PathVerdict(from, to, PathStatus.HEALTHY, mtu, f.dataPackets + f.pings >= 10 ? Confidence.HIGH
                    : Confidence.MEDIUM, text, ev, List.of(), warnings);
        }
        return new PathVerdict(from, to, PathStatus.INCONCLUSIVE, mtu, Confidence.LOW,
                "Not enough traffic from " + fromName + " to " + toName + " to judge the path.", ev, List.of(), warnings);
    }

    private void addRefusals(DirectionFacts f, List<Evidence> ev) {
        if (f.refused > 0) {
            ev.add(Evidence.of(Evidence.Kind.CONNECTION_REFUSED, null, f.firstRefusal == Long.MAX_VALUE ? null : f.firstRefusal,
                    f.refused + " connection attempt(s) to " + places.host(f.hd.dst()) + " refused (RST)"
                            + (f.answered > 0 ? " after earlier ones succeeded: the peer's port closed (process stopped?)" : ""),
                    "refused", f.refused));
        }
        if (f.unanswered > 0) {
            ev.add(Evidence.of(Evidence.Kind.HANDSHAKE_UNANSWERED, null, null, f.unanswered
                    + " connection attempt(s) got no SYN-ACK", "unanswered", f.unanswered));
        }
    }

    private void addLossEvidence(DirectionFacts f, List<Evidence> ev) {
        Map<String, List<LostPacket>> byPlace = new LinkedHashMap<>();
        for (LostPacket s : f.lost) {
            String where = s.died() ? places.between(f.order, s.lastSeen(), s.nextPoint())
                    : "somewhere beyond " + places.point(s.firstPoint())
                            + (s.what().equals("ping") ? " (never answered)" : " (never acknowledged)");
            byPlace.computeIfAbsent(s.what() + "|" + where, x -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<LostPacket>> e : byPlace.entrySet()) {
            List<LostPacket> l = e.getValue();
            int min = l.stream().mapToInt(LostPacket::ipLength).min().orElse(0);
            int max = l.stream().mapToInt(LostPacket::ipLength).max().orElse(0);
            LostPacket s0 = l.get(0);
            String[] caps = s0.died()
                    ? places.betweenCaptures(f.order, s0.lastSeen(), s0.nextPoint()) : new String[] {null, null};
            String where = e.getKey().substring(e.getKey().indexOf('|') + 1);
            ev.add(Evidence.of(Evidence.Kind.PACKET_LOST, places.point(s0.lastSeen()), s0.timeNanos(),
                    l.size() + (s0.what().equals("ping") ? " ping(s)" : " packet(s)") + " of "
                            + (min == max ? min + " bytes" : min + "-" + max + " bytes") + " died " + where,
                    "copies", l.size(), "minIpLength", min, "maxIpLength", max, "lastSeen", caps[0], "nextPoint", caps[1]));
        }
        if (f.undeliveredBytes > 0) {
            ev.add(Evidence.of(Evidence.Kind.RETRANSMISSIONS, null, null, String.format("%,d", f.undeliveredBytes)
                    + " bytes never reached " + places.host(f.hd.dst()) + " after " + f.retransPackets + " retransmissions",
                    "undeliveredBytes", f.undeliveredBytes, "retransmissions", f.retransPackets));
        }
    }

    private Evidence icmpEvidence(IcmpFinding i) {
        StringBuilder sb = new StringBuilder();
        sb.append(i.event().ipVersion() == 6 ? "ICMPv6 Packet Too Big" : "ICMP frag-needed").append(" from ")
                .append(places.host(i.router())).append(", MTU ").append(i.mtu()).append(i.mtuFromPlateau() ? " (plateau: router sent 0)" : "")
                .append(", about a ").append(i.event().quotedTotalLength()).append("-byte packet; seen at ");
        for (int k = 0; k < i.seenAt().size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(places.point(i.seenAt().get(k)));
        }
        if (i.reachedSender() != null) {
            sb.append(i.reachedSender() ? "; reached the sender" : "; NEVER reached the sender");
        }
        if (i.senderReacted() != null) {
            sb.append(i.senderReacted() ? "; the sender adapted" : "; the sender kept sending too-big packets");
        }
        return Evidence.of(Evidence.Kind.ICMP_FRAG_NEEDED, places.point(i.seenAt().get(0)), i.event().timeNanos(), sb.toString(),
                "router", i.router(), "mtu", i.mtu(), "quotedLength", i.event().quotedTotalLength(),
                "reachedSender", i.reachedSender(), "senderReacted", i.senderReacted(),
                "quotedSeq", i.quoted() == null ? null : i.quoted().start());
    }

    private List<Fix> blackHoleFixes(DirectionFacts f, MtuEstimate mtu, int port, String router) {
        String sender = places.host(f.hd.src());
        String to = f.hd.dst();
        int v = f.hd.ipVersion();
        List<Fix> fixes = new ArrayList<>();
        Integer value = mtu.isExact() ? mtu.exact() : mtu.estimate();
        if (value == null) {
            fixes.add(Fixes.measure(sender, to, port));
        } else {
            fixes.add(Fixes.routeMtuLock(sender, to, null, null, null, value, v));
            fixes.add(Fixes.interfaceMtu(sender, to, null, value, v));
            fixes.add(Fixes.mssClamp(router != null ? router : "the gateway before the smaller link", value, v));
        }
        fixes.add(Fixes.allowIcmp(router != null ? router : "the gateway where packets die", v));
        fixes.add(Fixes.tcpMtuProbing(sender));
        return fixes;
    }

    private String commonPlace(DirectionFacts f) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (LostPacket s : f.bigLosses()) {
            if (s.died()) {
                counts.merge(places.between(f.order, s.lastSeen(), s.nextPoint()), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private String routerGuess(DirectionFacts f) {
        for (LostPacket s : f.lost) {
            if (s.died()) {
                return "the router at " + model.point(s.lastSeen()).capture();
            }
        }
        return null;
    }

    private static int largestLost(DirectionFacts f) {
        return f.bigLosses().stream().mapToInt(LostPacket::ipLength).max().orElse(0);
    }
}
