package io.gossippreflight.probe.check;

import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.analyzer.LiveSession;
import io.gossippreflight.analyzer.capture.LiveCapture;
import io.gossippreflight.analyzer.pass.IcmpEvent;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.probe.classify.Verdicts;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code --capture}: a live capture on our interface for the length of the check, through the
 * analyzer's live session. ICMP "too big" that reached us about our packets to a target joins
 * that target's outbound evidence (or its absence, for a black hole); the capture's own analysis
 * adds notes; {@code --write-pcap} keeps the packets for {@code preflight analyze}.
 */
final class CaptureEvidence {
    private final LiveSession session;
    private final String iface;

    private CaptureEvidence(LiveSession session, String iface) {
        this.session = session;
        this.iface = iface;
    }

    static CaptureEvidence start(String iface, List<InetSocketAddress> targets, Path writePcap) throws IOException {
        String hosts = targets.stream().map(t -> "host " + NetUtil.toAddressString(t.getAddress()))
                .distinct().collect(Collectors.joining(" or "));
        String filter = "(" + hosts + ") or icmp or icmp6";
        LiveCapture capture = LiveCapture.open(LiveCapture.Options.of(iface, filter));
        return new CaptureEvidence(LiveSession.start(capture, iface, writePcap, Analyzer.Options.defaults()), iface);
    }

    /** Stops the capture and adds what it saw to each report. */
    List<TargetReport> merge(List<TargetReport> reports) throws IOException {
        List<IcmpEvent> icmp = session.icmpSoFar();
        AnalysisReport analysis = session.stop();
        List<TargetReport> out = new ArrayList<>();
        for (TargetReport r : reports) {
            String target = r.outbound().to();
            List<IcmpEvent> ours = icmp.stream().filter(e -> e.fragNeeded() && same(e.quotedDst(), target)).toList();
            List<Evidence> extra = new ArrayList<>();
            if (!ours.isEmpty()) {
                IcmpEvent e = ours.get(0);
                extra.add(Verdicts.fact(Evidence.Kind.ICMP_FRAG_NEEDED, "the capture on " + iface + " saw " + ours.size()
                        + " ICMP \"too big\" from " + e.from() + " (MTU " + e.mtu() + ") about our packets to " + target,
                        "count", ours.size(), "router", e.from(), "mtu", e.mtu()));
            } else {
                extra.add(Verdicts.fact(Evidence.Kind.NO_ICMP, "the capture on " + iface + " saw no ICMP \"too big\" "
                        + "about our packets to " + target, "capturedPackets", session.packetsSoFar()));
            }
            List<String> notes = new ArrayList<>();
            for (PathVerdict v : analysis.verdicts()) {
                notes.add("capture analysis " + v.direction() + ": " + v.status().description() + " — " + v.summary());
            }
            out.add(r.with(add(r.outbound(), extra), r.inbound(), notes));
        }
        return out;
    }

    private static boolean same(String a, String b) {
        try {
            return NetUtil.createByteArrayFromIpAddressString(a) != null
                    && java.util.Arrays.equals(NetUtil.createByteArrayFromIpAddressString(a),
                            NetUtil.createByteArrayFromIpAddressString(b));
        } catch (RuntimeException e) {
            return a.equals(b);
        }
    }

    private static PathVerdict add(PathVerdict v, List<Evidence> extra) {
        List<Evidence> ev = new ArrayList<>(v.evidence());
        ev.addAll(extra);
        return new PathVerdict(v.from(), v.to(), v.status(), v.mtu(), v.confidence(), v.summary(), ev, v.fixes(),
                v.warnings());
    }

    void abort() {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // the check's own failure is the one to report
        }
    }
}
