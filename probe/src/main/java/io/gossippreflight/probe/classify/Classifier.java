package io.gossippreflight.probe.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Judges one direction from its probes and what the kernel learned. The order of the rules is
 * the point: loss is ruled out before any size limit is claimed (a size lost below one that
 * crossed, or a probe that crossed only after a retransmission, means loss, never an MTU);
 * a limit the sender's kernel learned from ICMP means PMTUD works; only then are clean losses
 * above a size a silent black hole. Pure: same evidence, same finding.
 */
public final class Classifier {
    private Classifier() {
    }

    public static DirectionFinding classify(DirectionEvidence ev) {
        List<ProbeRecord> tcp = new ArrayList<>();
        List<ProbeRecord> udp = new ArrayList<>();
        for (ProbeRecord p : ev.probes()) {
            if (p.outcome() == ProbeOutcome.NOT_SENT) {
                continue;
            }
            (p.kind() == ProbeKind.UDP ? udp : tcp).add(p);
        }
        SizeSummary t = SizeSummary.of(tcp);
        SizeSummary u = SizeSummary.of(udp);
        OptionalInt udpMtu = u.exactLimit(ev.senderMtu());
        List<String> notes = new ArrayList<>();
        if (!udp.isEmpty()) {
            notes.add(udpNote(u, udpMtu, ev.senderMtu()));
        }
        if (tcp.isEmpty() && udp.isEmpty()) {
            return DirectionFinding.of(ev.direction(), DirectionStatus.UNKNOWN,
                    "no probe could be sent " + ev.direction().arrow(), notes);
        }
        SizeSummary basis = tcp.isEmpty() ? u : t;
        int anomalies = basis.late + basis.lostBelowCrossed;
        double lossRate = basis.total == 0 ? 0 : (double) anomalies / basis.total;
        if (anomalies > 0) {
            if (ev.icmpPmtu().isPresent()) {
                notes.add("the sender's kernel also learned a path MTU of " + ev.icmpPmtu().getAsInt() + " from ICMP ("
                        + ev.icmpSource() + ")");
            }
            return new DirectionFinding(ev.direction(), DirectionStatus.LOSS, OptionalInt.empty(), basis.crossedMax(),
                    basis.lostMin(), udpMtu, lossRate, basis.total >= 10 ? Confidence.HIGH : Confidence.MEDIUM,
                    String.format("random loss %s: %d of %d probes lost at least once, small sizes too (%s) — not a "
                            + "size limit, do not lower the MTU for it", ev.direction().arrow(), anomalies, basis.total,
                            basis.anomalyRange()), notes);
        }
        if (ev.icmpPmtu().isPresent() && ev.icmpPmtu().getAsInt() < ev.senderMtu()) {
            int pmtu = ev.icmpPmtu().getAsInt();
            notes.add("works only while ICMP \"too big\" keeps reaching the sender; " + ev.icmpSource());
            return new DirectionFinding(ev.direction(), DirectionStatus.ICMP_LIMIT, OptionalInt.of(pmtu),
                    basis.crossedMax(), basis.lostMin(), udpMtu, 0, Confidence.HIGH,
                    String.format("path MTU %d %s, signalled by ICMP: the sender's kernel learned it and sends smaller "
                            + "segments (PMTUD works)", pmtu, ev.direction().arrow()), notes);
        }
        if (ev.mssRewritten()) {
            int seen = ev.mssSeen().getAsInt();
            int tcpMtu = ev.overhead().ipSizeForMss(seen);
            String udpPart = udpMtu.isPresent() && udpMtu.getAsInt() < ev.senderMtu()
                    ? "; DF UDP shows the real limit: packets over " + udpMtu.getAsInt() + " vanish"
                    : "";
            return new DirectionFinding(ev.direction(), DirectionStatus.MSS_CLAMPED,
                    udpMtu.isPresent() ? udpMtu : OptionalInt.of(tcpMtu), basis.crossedMax(), basis.lostMin(), udpMtu, 0,
                    udpMtu.isPresent() ? Confidence.HIGH : Confidence.MEDIUM,
                    String.format("MSS clamped on the path %s: advertised %d, arrived as %d, so TCP segments stay "
                            + "within %d bytes%s", ev.direction().arrow(), ev.mssAdvertised().getAsInt(), seen, tcpMtu,
                            udpPart), notes);
        }
        if (basis.lostMin().isPresent()) {
            int crossed = basis.crossedMax;
            int lost = basis.lostMin;
            boolean exact = crossed > 0 && lost == crossed + 1;
            Confidence c = exact && (udpMtu.isEmpty() || udpMtu.getAsInt() == crossed) ? Confidence.HIGH : Confidence.MEDIUM;
            if (udpMtu.isPresent() && exact && udpMtu.getAsInt() != crossed) {
                notes.add("DF UDP disagrees: its limit is " + udpMtu.getAsInt());
            }
            String limit = exact ? "path MTU " + crossed : "path MTU between " + crossed + " and " + (lost - 1);
            return new DirectionFinding(ev.direction(), DirectionStatus.BLACK_HOLE,
                    exact ? OptionalInt.of(crossed) : OptionalInt.empty(), basis.crossedMax(), basis.lostMin(), udpMtu, 0, c,
                    String.format("silent black hole %s: packets over %d bytes vanish and no ICMP reaches the sender (%s)",
                            ev.direction().arrow(), exact ? crossed : lost - 1, limit), notes);
        }
        return new DirectionFinding(ev.direction(), DirectionStatus.HEALTHY, basis.crossedMax(), basis.crossedMax(),
                OptionalInt.empty(), udpMtu, 0, basis.total >= 3 ? Confidence.HIGH : Confidence.MEDIUM,
                String.format("healthy %s: every size up to %d bytes crossed", ev.direction().arrow(),
                        basis.crossedMax), notes);
    }

    private static String udpNote(SizeSummary u, OptionalInt udpMtu, int senderMtu) {
        if (u.anomalies() > 0) {
            return "DF UDP: " + u.anomalies() + " of " + u.total + " datagrams lost at sizes that also crossed (loss)";
        }
        if (udpMtu.isPresent()) {
            return udpMtu.getAsInt() >= senderMtu ? "DF UDP: every size up to " + senderMtu + " crossed"
                    : "DF UDP: path MTU exactly " + udpMtu.getAsInt();
        }
        return "DF UDP: largest crossed " + u.crossedMax + ", smallest lost " + (u.lostMin == Integer.MAX_VALUE ? "none" : u.lostMin);
    }

    /** Sizes crossed and lost among a set of probes, and the anomalies that mean loss. */
    private static final class SizeSummary {
        int total;
        int crossedMax;
        int lostMin = Integer.MAX_VALUE;
        int late;
        int lostBelowCrossed;
        int anomalyMin = Integer.MAX_VALUE;
        int anomalyMax;

        static SizeSummary of(List<ProbeRecord> probes) {
            SizeSummary s = new SizeSummary();
            for (ProbeRecord p : probes) {
                s.total++;
                if (p.outcome().crossed()) {
                    s.crossedMax = Math.max(s.crossedMax, p.ipSize());
                } else {
                    s.lostMin = Math.min(s.lostMin, p.ipSize());
                }
            }
            for (ProbeRecord p : probes) {
                boolean anomaly = p.outcome() == ProbeOutcome.CROSSED_LATE
                        || (p.outcome() == ProbeOutcome.LOST && p.ipSize() <= s.crossedMax);
                if (p.outcome() == ProbeOutcome.CROSSED_LATE) {
                    s.late++;
                } else if (anomaly) {
                    s.lostBelowCrossed++;
                }
                if (anomaly) {
                    s.anomalyMin = Math.min(s.anomalyMin, p.ipSize());
                    s.anomalyMax = Math.max(s.anomalyMax, p.ipSize());
                }
            }
            return s;
        }

        int anomalies() {
            return late + lostBelowCrossed;
        }

        OptionalInt crossedMax() {
            return crossedMax == 0 ? OptionalInt.empty() : OptionalInt.of(crossedMax);
        }

        OptionalInt lostMin() {
            return lostMin == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(lostMin);
        }

        /** Exact limit when clean: adjacent crossed/lost sizes, or everything up to the top crossed. */
        OptionalInt exactLimit(int senderMtu) {
            if (total == 0 || anomalies() > 0) {
                return OptionalInt.empty();
            }
            if (lostMin == Integer.MAX_VALUE) {
                return crossedMax >= senderMtu ? OptionalInt.of(crossedMax) : OptionalInt.empty();
            }
            return lostMin == crossedMax + 1 ? OptionalInt.of(crossedMax) : OptionalInt.empty();
        }

        String anomalyRange() {
            return anomalyMin == anomalyMax ? "at " + anomalyMin + " bytes"
                    : "at sizes from " + anomalyMin + " to " + anomalyMax + " bytes";
        }
    }
}
