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
import io.gossippreflight.verdict.RuleOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the facts about each host-to-host direction into a {@link PathVerdict}. Which rule
 * decides is {@link RuleOrder}'s, shared with the probe; here each finding gets its words, its
 * evidence and its fixes, one small function each.
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
        return diagnose(fates, icmp, echoes, Map.of());
    }

    /** @param unreadableTooBig too-big messages a snap length cut before their quote, by the address they went to */
    public List<PathVerdict> diagnose(List<SegmentFate> fates, List<IcmpFinding> icmp, List<EchoRecord> echoes,
            Map<String, Long> unreadableTooBig) {
        List<PathVerdict> out = new ArrayList<>();
        Map<HostDirection, List<SegmentFate>> fatesBy = new HashMap<>();
        for (SegmentFate s : fates) {
            fatesBy.computeIfAbsent(s.hostDirection(), x -> new ArrayList<>()).add(s);
        }
        Map<HostDirection, List<IcmpFinding>> icmpBy = new HashMap<>();
        for (IcmpFinding i : icmp) {
            icmpBy.computeIfAbsent(i.about(), x -> new ArrayList<>()).add(i);
        }
        Pings.Index pings = new Pings.Index(model, echoes);
        for (HostDirection hd : model.directions()) {
            DirectionFacts f = FactCollector.collect(model, places, hd, fatesBy.getOrDefault(hd, List.of()),
                    icmpBy.getOrDefault(hd, List.of()), pings, defaultPort);
            f.unreadableIcmp = unreadableTooBig.getOrDefault(hd.src(), 0L);
            if (f.connections == 0 && f.pings == 0 || f.dataPackets == 0 && f.attempts == 0 && f.icmp.isEmpty() && f.pings == 0) {
                continue; // only acknowledgements went this way: nothing to judge
            }
            out.add(verdict(f));
        }
        return out;
    }

    /** The verdict on one direction: the shared rule order picks the finding, a function per finding words it. */
    static PathVerdict verdict(DirectionFacts f) {
        Judged j = new Judged(f);
        switch (RuleOrder.judge(f.rules())) {
            case REFUSED:
            case UNREACHABLE:
                return j.unreachable();
            case RANDOM_LOSS:
                return j.randomLoss();
            case ICMP_NOT_DELIVERED:
                return j.icmpNotDelivered();
            case ICMP_IGNORED:
                return j.icmpIgnored();
            case ICMP_UNREADABLE:
                return j.icmpUnreadable();
            case PMTUD_WORKS:
                return j.pmtudWorks();
            case MSS_CLAMPED:
                return j.mssClamped();
            case SILENT_BLACK_HOLE:
                return j.silentBlackHole();
            case HEALTHY:
                return j.healthy();
            default:
                return j.inconclusive();
        }
    }

    /** One direction being worded: its facts, the MTU they give, and the evidence gathered so far. */
    private static final class Judged {
        final DirectionFacts f;
        final MtuEstimate mtu;
        final List<Evidence> ev = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        Judged(DirectionFacts f) {
            this.f = f;
            List<int[]> reports = new ArrayList<>();
            for (IcmpFact i : f.icmp) {
                reports.add(new int[] {i.plateau() ? 0 : i.mtu(), i.quotedLength()});
            }
            Integer clamped = f.mssRewrites.isEmpty() ? null : f.mssRewrites.get(0)[1];
            int smallestLost = f.smallestLost();
            this.mtu = MtuSelection.select(new MtuSelection.Facts(f.ipVersion, f.crossed() ? f.largestDelivered : null,
                    smallestLost > 0 ? smallestLost : null, reports, clamped, null, null));
            VerdictEvidence.refusals(f, ev);
            if (f.connectivity() != RuleOrder.Connectivity.CONNECTED && !f.crossed()) {
                return; // nothing went through: the rest of the evidence has nothing to say
            }
            VerdictEvidence.losses(f, ev);
            for (IcmpFact i : f.icmp) {
                ev.add(VerdictEvidence.icmp(i));
            }
            for (int[] r : f.mssRewrites) {
                ev.add(Evidence.of(Evidence.Kind.MSS_REWRITTEN, null, null, "SYN left " + f.fromName + " with MSS " + r[0]
                        + " and arrived with MSS " + r[1] + ": a middlebox clamps the MSS", "sent", r[0], "received", r[1]));
            }
            if (f.crossed()) {
                ev.add(Evidence.of(Evidence.Kind.PACKET_DELIVERED, null, null, "largest packet that crossed: "
                        + f.largestDelivered + " bytes", "ipLength", f.largestDelivered));
            }
            int hidden = f.inFlightAboveDelivered().size();
            if (!f.inFlight.isEmpty()) {
                warnings.add(f.inFlight.size() + " packet(s) were still in flight when the capture ended"
                        + (hidden > 0 ? " (" + hidden + " bigger than anything that crossed)" : ""));
            }
        }

        PathVerdict verdict(PathStatus s, Confidence c, String text, List<Fix> fixes) {
            return new PathVerdict(f.from, f.to, s, s == PathStatus.REFUSED || s == PathStatus.UNREACHABLE
                    ? MtuEstimate.unknown() : mtu, c, text, ev, fixes, warnings);
        }

        PathVerdict unreachable() {
            boolean refused = f.connectivity() == RuleOrder.Connectivity.REFUSED;
            String text = refused
                    ? f.refused + " connection attempt(s) from " + f.fromName + " to " + f.toName + ":" + f.port
                            + " were refused (RST): nothing listens there, or a firewall rejects."
                    : f.unanswered + " connection attempt(s) from " + f.fromName + " to " + f.toName + ":" + f.port
                            + " got no answer: a firewall drops them, or the route is wrong.";
            List<Fix> fixes = List.of(new Fix(Fix.Kind.OTHER, f.fromName, "nc -vz -w 3 " + f.to + " " + f.port,
                    "check reachability of the gossip port from this host"));
            return verdict(refused ? PathStatus.REFUSED : PathStatus.UNREACHABLE, Confidence.MEDIUM, text, fixes);
        }

        PathVerdict randomLoss() {
            List<LostPacket> small = f.smallLosses();
            List<LostPacket> big = f.bigLosses();
            long sent = f.dataPackets + f.pings;
            double rate = sent == 0 ? 0 : 100.0 * f.lost.size() / sent;
            String than = f.largestDelivered >= f.sizeKnownToCross()
                    ? "packets that crossed (" + f.largestDelivered + " bytes)"
                    : "what every path carries (" + f.sizeKnownToCross() + " bytes)";
            String text = String.format("Packet loss, not an MTU limit: %d of %d packets from %s were lost, "
                    + "including %d no bigger than %s.", f.lost.size(), sent, f.fromName, small.size(), than);
            if (!big.isEmpty()) {
                warnings.add(big.size() + " of the lost packets were bigger than anything that crossed; re-check the MTU"
                        + " once the loss is fixed");
            }
            ev.add(Evidence.of(Evidence.Kind.RETRANSMISSIONS, null, null, String.format("%.2f%% of data packets lost", rate),
                    "lost", f.lost.size(), "dataPackets", f.dataPackets));
            return verdict(PathStatus.RANDOM_LOSS, Confidence.MEDIUM, text, List.of(new Fix(Fix.Kind.OTHER,
                    "every hop on the path", "ip -s link; ethtool -S IF | grep -i -E 'drop|err'",
                    "look for the lossy link or a policer; lowering the MTU will not help")));
        }

        PathVerdict icmpNotDelivered() {
            smallLossWarning();
            IcmpFact i = f.blockedIcmp();
            String text = "MTU black hole: " + i.router() + " reported MTU " + i.mtu() + " (ICMP frag-needed, seen at "
                    + i.seenAt().get(0) + ") but it never reached " + f.fromName
                    + (i.lost() == null ? "" : " (" + i.lost() + ")") + "; packets over " + i.mtu() + " bytes die.";
            return verdict(PathStatus.BLACK_HOLE, Confidence.HIGH, text, blackHoleFixes(i.router()));
        }

        PathVerdict icmpIgnored() {
            smallLossWarning();
            IcmpFact i = f.ignoredIcmp();
            String text = f.fromName + " received the ICMP frag-needed from " + i.router() + " (MTU " + i.mtu()
                    + ") but kept sending bigger packets: something on " + f.fromName
                    + " drops the ICMP after capture (host firewall), so it acts as a black hole.";
            return verdict(PathStatus.BLACK_HOLE, Confidence.HIGH, text, blackHoleFixes(f.fromName));
        }

        PathVerdict icmpUnreadable() {
            String text = f.bigLosses().size() + " packet(s) of up to " + f.largestLost() + " bytes from " + f.fromName
                    + " were lost, but " + f.unreadableIcmp + " ICMP frag-needed / Packet Too Big message(s) to "
                    + f.fromName + " were cut by the snap length before the packet they quote: whether PMTUD works"
                    + " cannot be told. Packets up to " + f.largestDelivered + " bytes crossed. Capture with -s 256 or"
                    + " more to know.";
            return verdict(PathStatus.INCONCLUSIVE, Confidence.LOW, text, List.of());
        }

        PathVerdict pmtudWorks() {
            smallLossWarning();
            IcmpFact i = f.icmp.get(0);
            String reached = Boolean.TRUE.equals(i.reachedSender()) ? "reached " + f.fromName
                    : "was sent (no capture at " + f.fromName + " to confirm it arrived)";
            String reacted = Boolean.TRUE.equals(i.senderReacted()) ? "; the sender adapted"
                    + (i.learnedMss() > 0 ? " (later connections advertise MSS " + i.learnedMss() + ")" : "") : "";
            String text = "Path MTU " + mtu.describe() + ": " + i.router() + "'s ICMP frag-needed " + reached + reacted
                    + ". Works, but relies on ICMP getting through; each new peer's first big message waits a round trip.";
            superSegmentsWarning();
            warnings.add("PMTUD depends on ICMP reaching " + f.fromName + "; pin the MTU to stop relying on it");
            List<Fix> fixes = new ArrayList<>();
            if (mtu.safeValue() != null) {
                fixes.add(Fixes.routeMtuLock(f.fromName, f.to, null, null, null, mtu.safeValue(), f.ipVersion));
            }
            return verdict(PathStatus.PMTUD_WORKS, Confidence.HIGH, text, fixes);
        }

        PathVerdict mssClamped() {
            smallLossWarning();
            int clamped = f.mssRewrites.get(0)[1];
            String text = "Healthy for TCP, but a middlebox clamps the MSS to " + clamped + " (" + mtu.describe()
                    + "): TCP fits, anything else (UDP) would meet the smaller MTU.";
            warnings.add("MSS clamping hides the real path MTU from TCP");
            List<LostPacket> big = f.bigLosses();
            if (!big.isEmpty()) {
                warnings.add(big.size() + " packet(s) of up to " + f.largestLost() + " bytes died " + big.get(0).where()
                        + ": what the clamp does not cover (pings, UDP) still meets the smaller MTU");
            }
            return verdict(PathStatus.MSS_CLAMPED, Confidence.HIGH, text, List.of());
        }

        PathVerdict silentBlackHole() {
            smallLossWarning();
            List<LostPacket> big = f.bigLosses();
            int copies = big.size();
            boolean multi = big.stream().anyMatch(LostPacket::died);
            Confidence conf = multi && copies >= 2 ? Confidence.HIGH : copies >= 3 ? Confidence.MEDIUM : Confidence.LOW;
            String where = commonPlace();
            int smallest = f.smallestLost();
            int largest = f.largestLost();
            String sizes = smallest == largest ? String.valueOf(smallest) : smallest + "-" + largest;
            String text = "MTU black hole: " + copies + " packet(s) of " + sizes + " bytes from " + f.fromName + " died "
                    + (where == null ? "on the way" : where) + ", and no ICMP frag-needed reached " + f.fromName + ". "
                    + (f.crossed() ? "Packets up to " + f.largestDelivered + " bytes crossed: " + mtu.describe() + "."
                            : "Nothing bigger than a bare acknowledgement crossed.");
            if (f.icmp.isEmpty()) {
                ev.add(Evidence.of(Evidence.Kind.NO_ICMP, null, null, "no ICMP frag-needed / Packet Too Big about this "
                        + "direction in any capture"));
            }
            return verdict(PathStatus.BLACK_HOLE, conf, text, blackHoleFixes(f.routerGuess));
        }

        PathVerdict healthy() {
            smallLossWarning();
            superSegmentsWarning();
            long n = f.dataPackets + f.pings;
            String text = "Healthy: " + n + " packets from " + f.fromName + " to " + f.toName + " crossed, the largest "
                    + f.largestDelivered + " bytes; " + (f.lost.isEmpty() ? "no loss" : "no size-related loss")
                    + ", no ICMP.";
            return verdict(PathStatus.HEALTHY, n >= 10 ? Confidence.HIGH : Confidence.MEDIUM, text, List.of());
        }

        /** Not enough to say, and why: nothing crossed, big packets still in flight, or the start of the path unseen. */
        PathVerdict inconclusive() {
            smallLossWarning();
            List<Integer> pending = f.inFlightAboveDelivered();
            String text;
            if (!f.crossed() && f.synPending > 0) {
                text = f.synPending + " connection attempt(s) from " + f.fromName + " to " + f.toName + " were still "
                        + "waiting for an answer when the capture ended (less than a SYN retransmission timeout after "
                        + "the last SYN): nothing to judge the path by. Capture a little longer.";
            } else if (!f.crossed()) {
                text = "Not enough traffic from " + f.fromName + " to " + f.toName + " to judge the path.";
            } else if (!pending.isEmpty()) {
                int lo = pending.stream().mapToInt(Integer::intValue).min().orElse(0);
                int hi = pending.stream().mapToInt(Integer::intValue).max().orElse(0);
                text = pending.size() + " packet(s) of " + (lo == hi ? lo : lo + "-" + hi) + " bytes from " + f.fromName
                        + ", bigger than anything that crossed (" + f.largestDelivered + " bytes), were still in flight"
                        + " when the capture ended, or went where no capture could see them arrive: whether they arrive"
                        + " decides the MTU. Capture a little longer (a retransmission timeout past the last big"
                        + " packet), and at the receiver too.";
            } else if (f.loneLossAmongFew()) {
                LostPacket l = f.smallLosses().get(0);
                text = "1 of " + (f.dataPackets + f.pings) + " packets from " + f.fromName + " to " + f.toName + " was lost ("
                        + l.ipLength() + " bytes, no bigger than packets that crossed): too few packets to tell random "
                        + "loss from a single mishap. Packets up to " + f.largestDelivered + " bytes crossed. Capture "
                        + "longer.";
            } else {
                text = "Nothing from " + f.fromName + " to " + f.toName + " was lost from " + f.firstPoint + " on, but "
                        + f.firstPoint + " is " + f.firstPointHops + " hop(s) past " + f.fromName
                        + ": packets lost before it leave no trace in these captures. Packets up to " + f.largestDelivered
                        + " bytes crossed. Capture at " + f.fromName + " (or on its side of the first router) too.";
            }
            return verdict(PathStatus.INCONCLUSIVE, Confidence.LOW, text, List.of());
        }

        private void smallLossWarning() {
            List<LostPacket> small = f.smallLosses();
            if (!small.isEmpty()) {
                warnings.add(small.size() + " small packet(s) were lost too: loss beside the limit, not size-related"
                        + " (do not lower the MTU further for it)");
            }
        }

        private void superSegmentsWarning() {
            if (!f.superSegmentsNote().isEmpty()) {
                warnings.add(f.superSegmentsNote());
            }
        }

        private List<Fix> blackHoleFixes(String router) {
            List<Fix> fixes = new ArrayList<>();
            Integer value = mtu.isExact() ? mtu.exact() : mtu.estimate();
            if (value == null) {
                fixes.add(Fixes.measure(f.fromName, f.to, f.port));
            } else {
                fixes.add(Fixes.routeMtuLock(f.fromName, f.to, null, null, null, value, f.ipVersion));
                fixes.add(Fixes.interfaceMtu(f.fromName, f.to, null, value, f.ipVersion));
                fixes.add(Fixes.mssClamp(router != null ? router : "the gateway before the smaller link", value, f.ipVersion));
            }
            fixes.add(Fixes.allowIcmp(router != null ? router : "the gateway where packets die", f.ipVersion));
            fixes.add(Fixes.tcpMtuProbing(f.fromName));
            return fixes;
        }

        /** Where most big copies died; "somewhere beyond a (never acknowledged)" when one point saw them only. */
        private String commonPlace() {
            Map<String, Integer> died = new LinkedHashMap<>();
            Map<String, Integer> unacknowledged = new LinkedHashMap<>();
            for (LostPacket s : f.bigLosses()) {
                (s.died() ? died : unacknowledged).merge(s.where(), 1, Integer::sum);
            }
            Map<String, Integer> counts = died.isEmpty() ? unacknowledged : died;
            return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        }
    }
}
