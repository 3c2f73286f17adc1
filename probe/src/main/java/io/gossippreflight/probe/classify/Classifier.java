package io.gossippreflight.probe.classify;

import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.MtuSelection;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.verdict.RuleOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Judges one direction from its probes and what the kernel learned, as the shared
 * {@link PathVerdict}, in the rule order the analyzer uses too ({@link RuleOrder}). Loss is sorted
 * out first and kept apart: a size lost below one that crossed, or a probe the kernel had to
 * retransmit, is loss and never counts towards a size limit. Then the limit, from the strongest
 * evidence down: one the sender's kernel learned from ICMP means PMTUD works; an MSS rewritten on
 * the way is clamping; clean losses above a size with no ICMP are a silent black hole. Only a path
 * with no limit is judged on its loss (random loss from two loss events on, else healthy with a
 * word on it, except for one resend the sender counted that no probe saw: no word then) — and never healthy above a size a learned path MTU kept from being tested. Loss next
 * to a limit is a warning on that limit's verdict: the MTU is what a user must act on, and it does
 * not change with how many packets a lossy path happened to drop. Pure: same evidence, same verdict.
 */
public final class Classifier {
    /** Loss events that make a path with no size limit RANDOM_LOSS; one alone is a warning. */
    static final int LOSS_EVENTS_FOR_STATUS = 2;

    private Classifier() {
    }

    public static PathVerdict classify(DirectionEvidence ev, PathContext ctx) {
        List<ProbeRecord> tcp = new ArrayList<>();
        List<ProbeRecord> udp = new ArrayList<>();
        for (ProbeRecord p : ev.probes()) {
            if (p.outcome() != ProbeOutcome.NOT_SENT) {
                (p.kind() == ProbeKind.UDP ? udp : tcp).add(p);
            }
        }
        // Packets over a path MTU the sender's kernel learned from ICMP are lost by design until it
        // learns it (one draws the ICMP; parallel lanes racing it may each lose one): no sign of loss.
        OptionalInt learned = ev.icmpPmtu().isPresent() && ev.icmpPmtu().getAsInt() < ev.senderMtu()
                ? ev.icmpPmtu() : OptionalInt.empty();
        // a path MTU the sender's kernel held from before the check shows only that ICMP came once; what
        // the witness found now decides (without it, the learned value still counts, as before)
        OptionalInt held = learned.isPresent() && ev.icmpNow().tested() ? learned : OptionalInt.empty();
        if (held.isPresent() && ev.icmpNow() != IcmpNow.ARRIVES) {
            learned = OptionalInt.empty();
        }
        SizeSummary t = SizeSummary.of(tcp, learned.orElse(Integer.MAX_VALUE));
        SizeSummary u = SizeSummary.of(udp, Integer.MAX_VALUE);
        Integer udpMtu = u.exactLimit(ev.senderMtu());
        String arrow = ev.direction().arrow();
        List<Evidence> evidence = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        t.addEvidence(evidence, "TCP");
        if (!udp.isEmpty()) {
            evidence.add(Verdicts.fact(Evidence.Kind.NOTE, udpNote(u, udpMtu, ev.senderMtu()), "udpMtu", udpMtu,
                    "udpLargestDelivered", u.crossedMaxOrNull(), "udpSmallestLost", u.lostMinOrNull()));
        }
        if (ev.icmpPmtu().isPresent()) {
            evidence.add(Verdicts.fact(Evidence.Kind.KERNEL_PMTU, "the sender's kernel holds path MTU "
                    + ev.icmpPmtu().getAsInt() + " (" + ev.icmpSource() + ")", "pmtu", ev.icmpPmtu().getAsInt()));
        }
        if (held.isPresent()) {
            evidence.add(Verdicts.fact(Evidence.Kind.NOTE, heldNote(ev, held.getAsInt()), "icmpNow",
                    ev.icmpNow().name(), "heldPmtu", held.getAsInt()));
        }
        if (ev.mssRewritten()) {
            evidence.add(Verdicts.fact(Evidence.Kind.MSS_REWRITTEN, "MSS advertised " + ev.mssAdvertised().getAsInt()
                    + ", arrived as " + ev.mssSeen().getAsInt(), "advertised", ev.mssAdvertised().getAsInt(),
                    "seen", ev.mssSeen().getAsInt()));
        }
        // Beside a silent black hole the sender's own count of resends is confounded: the black hole makes
        // resends too, and a connection that carried a black-holed segment may still drain once the sender
        // is paused or the check moves on. Only the probes' own fates then count as loss.
        SizeSummary sizes = tcp.isEmpty() ? u : t;
        boolean blackHole = learned.isEmpty() && sizes.lostAboveOrNull() != null;
        // One resend the sender counted, that none of our probes saw, is no sign of loss either: Linux now and
        // then misses the D-SACK that shows a tail-loss probe's resend was needless (loopback, a busy host)
        boolean lone = !blackHole && ev.reportedLoss() == 1 && (tcp.isEmpty() ? u : t).anomalies() == 0;
        int reportedLoss = blackHole || lone ? 0 : ev.reportedLoss();
        if (ev.reportedLoss() > 0) {
            evidence.add(Verdicts.fact(Evidence.Kind.RETRANSMISSIONS, "the sender's kernel retransmitted "
                    + ev.reportedLoss() + " segment(s) that ICMP did not ask for" + (blackHole
                            ? " (beside a black hole, which makes resends too: not counted as random loss)"
                            : lone ? " (one alone, which no probe saw: not counted as random loss)"
                            : " (loss on the way)"), "count", ev.reportedLoss()));
        }
        if (tcp.isEmpty() && udp.isEmpty()) {
            return verdict(ctx, ev, PathStatus.INCONCLUSIVE, MtuEstimate.unknown(), Confidence.LOW,
                    "no probe could be sent " + arrow, evidence, warnings);
        }
        if (held.isPresent() && (ev.icmpNow() == IcmpNow.SILENT || ev.icmpNow() == IcmpNow.UNANSWERED)) {
            return heldWithoutIcmp(ctx, ev, held.getAsInt(), t, u, udpMtu, arrow, evidence, warnings);
        }
        // TCP cannot test above a path MTU the receiver learned (it caps the MSS it advertises); DF UDP
        // does not depend on it, so where it went above, it is the evidence to judge by
        boolean udpAboveMask = ev.masked().isPresent() && udp.stream().anyMatch(p -> p.ipSize() > ev.masked().getAsInt());
        SizeSummary basis = tcp.isEmpty() || udpAboveMask ? u : t;
        int lossEvents = basis.anomalies() + reportedLoss;
        String loss = lossEvents == 0 ? null : String.format("random loss %s: %d of %d probes lost at least once, at "
                + "sizes that also crossed%s — not a size limit; do not lower the MTU for it", arrow, lossEvents,
                basis.total + reportedLoss, basis.anomalies() > 0 ? " (" + basis.anomalyRange() + ")" : "");
        if (udpAboveMask) {
            warnings.add(String.format("%s holds path MTU %d towards %s (learned from ICMP%s): until it expires, every "
                    + "sender's TCP stays below it, so joins work now whatever lies above it", ctx.receiver(ev.direction()),
                    ev.masked().getAsInt(), ctx.sender(ev.direction()), ev.maskExpiresSeconds().isPresent()
                            ? ", forgotten in " + ev.maskExpiresSeconds().getAsInt() + " s" : ""));
        }
        RuleOrder.Facts facts = new RuleOrder.Facts(RuleOrder.Connectivity.CONNECTED,
                lossEvents >= LOSS_EVENTS_FOR_STATUS, learned.isPresent() ? RuleOrder.Icmp.OBEYED : RuleOrder.Icmp.NONE,
                ev.mssRewritten(), basis.lostAboveOrNull() != null, basis.crossedCount > 0, false);
        RuleOrder.Finding finding = RuleOrder.judge(facts);
        boolean limit = finding == RuleOrder.Finding.PMTUD_WORKS || finding == RuleOrder.Finding.MSS_CLAMPED
                || finding == RuleOrder.Finding.SILENT_BLACK_HOLE;
        if (!limit && ev.masked().isPresent() && !udpAboveMask) {
            return masked(ctx, ev, basis, loss, arrow, evidence, warnings);
        }
        if (finding != RuleOrder.Finding.RANDOM_LOSS && loss != null) {
            warnings.add(loss);
        }
        switch (finding) {
            case RANDOM_LOSS:
                return randomLoss(ctx, ev, basis, loss, evidence, warnings);
            case PMTUD_WORKS:
                return pmtudWorks(ctx, ev, basis, learned.getAsInt(), arrow, evidence, warnings);
            case MSS_CLAMPED:
                return mssClamped(ctx, ev, basis, udpMtu, arrow, evidence, warnings);
            case SILENT_BLACK_HOLE:
                return blackHole(ctx, ev, basis, udpMtu, arrow, evidence, warnings);
            case HEALTHY:
                return healthy(ctx, ev, basis, arrow, evidence, warnings);
            default:
                return verdict(ctx, ev, PathStatus.INCONCLUSIVE, MtuEstimate.unknown(), Confidence.LOW,
                        "no probe crossed or was lost " + arrow, evidence, warnings);
        }
    }

    private static String heldNote(DirectionEvidence ev, int held) {
        String before = "the sender's kernel held path MTU " + held + " from before the check";
        return switch (ev.icmpNow()) {
            case ARRIVES -> before + "; a DF datagram above it drew ICMP \"too big\" during the check: ICMP still arrives";
            case SILENT -> before + "; DF datagrams above it vanished without ICMP \"too big\", while small ones crossed";
            case NO_LIMIT -> before + "; a DF datagram above it crossed: the path carries more now";
            case UNANSWERED -> before + "; whether ICMP still arrives could not be tested: not even small datagrams "
                    + "were answered (UDP filtered?)";
            case NOT_TESTED -> before;
        };
    }

    /**
     * The sender's kernel keeps to a path MTU it learned from ICMP before the check, and now no ICMP
     * comes (SILENT), or nothing tells whether it would (UNANSWERED): its TCP works until it forgets
     * the value, and then a silent black hole (SILENT) or perhaps one (UNANSWERED) is what it meets.
     * The limit is DF UDP's where it measured one, else the kernel's value.
     */
    private static PathVerdict heldWithoutIcmp(PathContext ctx, DirectionEvidence ev, int held, SizeSummary tcp,
            SizeSummary udp, Integer udpMtu, String arrow, List<Evidence> evidence, List<String> warnings) {
        boolean udpLimit = udpMtu != null && udpMtu < ev.senderMtu();
        int mtu = udpLimit ? udpMtu : held;
        Integer largest = tcp.crossedMaxOrNull() == null ? udp.crossedMaxOrNull() : udp.crossedMaxOrNull() == null
                ? tcp.crossedMaxOrNull() : Integer.valueOf(Math.max(tcp.crossedMax, udp.crossedMax));
        MtuEstimate m = MtuSelection.select(new MtuSelection.Facts(ctx.ipVersion(), largest, udpLimit ? mtu + 1 : null,
                List.of(), null, udpLimit ? mtu : null, udpLimit ? null : held));
        String until = ev.heldExpiresSeconds().isPresent() ? "for the next " + ev.heldExpiresSeconds().getAsInt() + " s"
                : "until it forgets it (10 minutes after it learned it, by default)";
        String limit = udpLimit ? "path MTU " + mtu + " exactly (DF UDP)" : "path MTU " + held + " as the kernel learned it";
        if (ev.icmpNow() == IcmpNow.SILENT) {
            evidence.add(Verdicts.fact(Evidence.Kind.NO_ICMP, "no ICMP \"too big\" reached the sender during the check"));
            warnings.add(String.format("joins work %s: the sender's kernel keeps to path MTU %d, learned when ICMP still "
                    + "arrived; after that, packets over %d bytes vanish", until, held, mtu));
            return verdict(ctx, ev, PathStatus.BLACK_HOLE, m, udpLimit ? Confidence.HIGH : Confidence.MEDIUM,
                    String.format("silent black hole %s: packets over %d bytes vanish and ICMP \"too big\" no longer "
                            + "reaches the sender, which still keeps to path MTU %d learned from ICMP before (%s)", arrow,
                            mtu, held, limit), evidence, warnings);
        }
        return verdict(ctx, ev, PathStatus.INCONCLUSIVE, m, Confidence.MEDIUM, String.format("%s keeps to path MTU %d, "
                + "which the sender's kernel learned from ICMP before the check; whether ICMP \"too big\" still reaches "
                + "it could not be tested (not even small UDP datagrams were answered). If it no longer does, joins work "
                + "%s and fail after: check again then, or let UDP to the target's port through", arrow, held, until),
                evidence, warnings);
    }

    /** Nothing above a path MTU the receiver learned was tested: this direction is unknown above it. */
    private static PathVerdict masked(PathContext ctx, DirectionEvidence ev, SizeSummary basis, String loss, String arrow,
            List<Evidence> evidence, List<String> warnings) {
        int pmtu = ev.masked().getAsInt();
        MtuEstimate m = new MtuEstimate(null, null, basis.crossedMaxOrNull(), null, null, MtuEstimate.Source.NONE);
        if (loss != null) {
            warnings.add(loss);
        }
        String expiry = ev.maskExpiresSeconds().isPresent() ? "for the next " + ev.maskExpiresSeconds().getAsInt()
                + " s" : "until it expires";
        return verdict(ctx, ev, PathStatus.INCONCLUSIVE, m, Confidence.MEDIUM, String.format("%s is untested above "
                + "%d bytes: %s holds path MTU %d towards %s (learned from ICMP), which keeps every sender at or "
                + "below it %s — whatever the path does above it. If it is a silent black hole, joins work until "
                + "then and fail after. Check again once it expired (ip route get %s), or from another host",
                arrow, pmtu, ctx.receiver(ev.direction()), pmtu, ctx.sender(ev.direction()), expiry,
                ctx.sender(ev.direction())), evidence, warnings);
    }

    private static PathVerdict randomLoss(PathContext ctx, DirectionEvidence ev, SizeSummary basis, String loss,
            List<Evidence> evidence, List<String> warnings) {
        MtuEstimate none = new MtuEstimate(null, null, basis.crossedMaxOrNull(), null, null, MtuEstimate.Source.NONE);
        return verdict(ctx, ev, PathStatus.RANDOM_LOSS, none, basis.total >= 10 ? Confidence.HIGH : Confidence.MEDIUM,
                loss, evidence, warnings);
    }

    private static PathVerdict pmtudWorks(PathContext ctx, DirectionEvidence ev, SizeSummary basis, int pmtu,
            String arrow, List<Evidence> evidence, List<String> warnings) {
        MtuEstimate m = MtuSelection.select(new MtuSelection.Facts(ctx.ipVersion(), basis.crossedMaxOrNull(), null,
                List.of(), null, null, pmtu));
        warnings.add(0, "works only while ICMP \"too big\" keeps reaching " + ctx.sender(ev.direction()));
        if (ev.icmpSource().startsWith("inferred")) {
            // a real node reports nothing: its smaller segments show a limit it keeps to, which ICMP, an MSS
            // clamp on the way or its own MTU may set alike
            return verdict(ctx, ev, PathStatus.PMTUD_WORKS, m, Confidence.MEDIUM, String.format("path MTU %d %s: the "
                    + "sender keeps its segments within it — its kernel learned it from ICMP (PMTUD works), or an MSS "
                    + "clamp on the way or its own MTU sets it; from here the three look alike, and a value its kernel "
                    + "learned before the check would too, though ICMP may no longer arrive (`probe serve` there "
                    + "tells)", pmtu, arrow), evidence, warnings);
        }
        return verdict(ctx, ev, PathStatus.PMTUD_WORKS, m, Confidence.HIGH, String.format(
                "path MTU %d %s, signalled by ICMP: the sender's kernel learned it and sends smaller segments "
                        + "(PMTUD works)", pmtu, arrow), evidence, warnings);
    }

    private static PathVerdict mssClamped(PathContext ctx, DirectionEvidence ev, SizeSummary basis, Integer udpMtu,
            String arrow, List<Evidence> evidence, List<String> warnings) {
        int seen = ev.mssSeen().getAsInt();
        int tcpMtu = ev.overhead().ipSizeForMss(seen);
        MtuEstimate m = MtuSelection.select(new MtuSelection.Facts(ctx.ipVersion(), basis.crossedMaxOrNull(), null,
                List.of(), seen, udpMtu, null));
        boolean hidden = udpMtu != null && udpMtu < ev.senderMtu();
        warnings.add(0, "only TCP is protected: the clamp hides the path MTU from everything else");
        return verdict(ctx, ev, PathStatus.MSS_CLAMPED, m, udpMtu != null ? Confidence.HIGH : Confidence.MEDIUM,
                String.format("MSS clamped on the path %s: advertised %d, arrived as %d, so TCP segments stay within "
                        + "%d bytes%s", arrow, ev.mssAdvertised().getAsInt(), seen, tcpMtu,
                        hidden ? "; DF UDP shows the real limit: packets over " + udpMtu + " vanish" : ""),
                evidence, warnings);
    }

    private static PathVerdict blackHole(PathContext ctx, DirectionEvidence ev, SizeSummary basis, Integer udpMtu,
            String arrow, List<Evidence> evidence, List<String> warnings) {
        int crossed = basis.crossedMax;
        int lost = basis.lostAboveMin;
        boolean exact = crossed > 0 && lost == crossed + 1;
        MtuEstimate m = MtuSelection.select(new MtuSelection.Facts(ctx.ipVersion(), basis.crossedMaxOrNull(), lost,
                List.of(), null, exact ? crossed : null, null));
        boolean udpAgrees = udpMtu == null || udpMtu == crossed;
        if (exact && !udpAgrees) {
            warnings.add("DF UDP disagrees: its limit is " + udpMtu);
        }
        evidence.add(Verdicts.fact(Evidence.Kind.NO_ICMP, "no ICMP \"too big\" reached the sender: its kernel "
                + "learned no smaller path MTU"));
        String limit = exact ? "path MTU " + crossed : "path MTU between " + crossed + " and " + (lost - 1);
        return verdict(ctx, ev, PathStatus.BLACK_HOLE, m, exact && udpAgrees ? Confidence.HIGH : Confidence.MEDIUM,
                String.format("silent black hole %s: packets over %d bytes vanish and no ICMP reaches the sender (%s)",
                        arrow, exact ? crossed : lost - 1, limit), evidence, warnings);
    }

    private static PathVerdict healthy(PathContext ctx, DirectionEvidence ev, SizeSummary basis, String arrow,
            List<Evidence> evidence, List<String> warnings) {
        boolean top = basis.crossedMax >= ev.testableMax();
        boolean capped = ev.testableMax() < ev.senderMtu();
        MtuEstimate m = MtuSelection.select(new MtuSelection.Facts(ctx.ipVersion(), basis.crossedMaxOrNull(), null,
                List.of(), null, top && !capped ? basis.crossedMax : null, null));
        return verdict(ctx, ev, PathStatus.HEALTHY, m, basis.total >= 3 ? Confidence.HIGH : Confidence.MEDIUM,
                String.format("healthy %s: every size up to %d bytes crossed%s", arrow, basis.crossedMax, capped
                        ? String.format("; the interface MTU %d is more than TCP can test (Linux keeps its segments "
                                + "near 32 KiB)", ev.senderMtu()) : ""), evidence, warnings);
    }

    private static PathVerdict verdict(PathContext ctx, DirectionEvidence ev, PathStatus status, MtuEstimate mtu,
            Confidence confidence, String summary, List<Evidence> evidence, List<String> warnings) {
        return new PathVerdict(ctx.sender(ev.direction()), ctx.receiver(ev.direction()), status, mtu, confidence, summary,
                evidence, ProbeFixes.of(status, mtu.safeValue(), ev.direction(), ctx), warnings);
    }

    private static String udpNote(SizeSummary u, Integer udpMtu, int senderMtu) {
        if (u.anomalies() > 0) {
            return "DF UDP: " + u.anomalies() + " of " + u.total + " datagrams lost at sizes that also crossed (loss)";
        }
        if (udpMtu != null) {
            return udpMtu >= senderMtu ? "DF UDP: every size up to " + senderMtu + " crossed"
                    : "DF UDP: path MTU exactly " + udpMtu;
        }
        return "DF UDP: largest crossed " + u.crossedMax + ", smallest lost "
                + (u.lostMinOrNull() == null ? "none" : u.lostMin);
    }

    /**
     * Sizes crossed and lost among a set of probes, and the anomalies that mean loss: a size lost
     * at or below one that crossed, or a one-packet message that crossed only after a retransmission
     * on a timer (a burst of segments can be slowed by the sender adapting to a path MTU instead).
     */
    private static final class SizeSummary {
        int total;
        int crossedCount;
        int crossedMax;
        int lostCount;
        int lostMin = Integer.MAX_VALUE;
        int late;
        int lostBelowCrossed;
        /** Smallest size lost above every size that crossed: the candidates for a size limit. */
        int lostAboveMin = Integer.MAX_VALUE;
        int anomalyMin = Integer.MAX_VALUE;
        int anomalyMax;

        /** {@code learnedPmtu}: losses of larger packets are not counted as loss (MAX_VALUE: none known). */
        static SizeSummary of(List<ProbeRecord> probes, int learnedPmtu) {
            SizeSummary s = new SizeSummary();
            for (ProbeRecord p : probes) {
                s.total++;
                if (p.outcome().crossed()) {
                    s.crossedCount++;
                    s.crossedMax = Math.max(s.crossedMax, p.ipSize());
                } else {
                    s.lostCount++;
                    s.lostMin = Math.min(s.lostMin, p.ipSize());
                }
            }
            for (ProbeRecord p : probes) {
                boolean late = p.outcome() == ProbeOutcome.CROSSED_LATE;
                boolean lostBelow = p.outcome() == ProbeOutcome.LOST && p.ipSize() <= s.crossedMax
                        && p.ipSize() <= learnedPmtu;
                if (late) {
                    s.late++;
                }
                if (lostBelow) {
                    s.lostBelowCrossed++;
                }
                if (p.outcome() == ProbeOutcome.LOST && p.ipSize() > s.crossedMax) {
                    s.lostAboveMin = Math.min(s.lostAboveMin, p.ipSize());
                }
                if (late || lostBelow) {
                    s.anomalyMin = Math.min(s.anomalyMin, p.ipSize());
                    s.anomalyMax = Math.max(s.anomalyMax, p.ipSize());
                }
            }
            return s;
        }

        void addEvidence(List<Evidence> out, String what) {
            if (crossedCount > 0) {
                out.add(Verdicts.fact(Evidence.Kind.PROBE_SIZE_DELIVERED, crossedCount + " " + what
                        + " probes crossed, the largest " + crossedMax + " bytes", "protocol", what, "count", crossedCount,
                        "largest", crossedMax));
            }
            if (lostCount > 0) {
                out.add(Verdicts.fact(Evidence.Kind.PROBE_SIZE_LOST, lostCount + " " + what
                        + " probes lost, the smallest " + lostMin + " bytes", "protocol", what, "count", lostCount,
                        "smallest", lostMin));
            }
            if (late > 0) {
                out.add(Verdicts.fact(Evidence.Kind.RETRANSMISSIONS, late + " " + what
                        + " probes crossed only after the kernel retransmitted them", "protocol", what, "count", late));
            }
        }

        int anomalies() {
            return late + lostBelowCrossed;
        }

        Integer crossedMaxOrNull() {
            return crossedCount == 0 ? null : crossedMax;
        }

        Integer lostAboveOrNull() {
            return lostAboveMin == Integer.MAX_VALUE ? null : lostAboveMin;
        }

        Integer lostMinOrNull() {
            return lostCount == 0 ? null : lostMin;
        }

        /** Exact limit when clean: adjacent crossed/lost sizes, or everything up to the top crossed. */
        Integer exactLimit(int senderMtu) {
            if (total == 0 || anomalies() > 0) {
                return null;
            }
            if (lostCount == 0) {
                return crossedMax >= senderMtu ? crossedMax : null;
            }
            return lostMin == crossedMax + 1 ? crossedMax : null;
        }

        String anomalyRange() {
            return anomalyMin == anomalyMax ? "at " + anomalyMin + " bytes"
                    : "at sizes from " + anomalyMin + " to " + anomalyMax + " bytes";
        }
    }
}
