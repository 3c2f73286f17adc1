package io.gossippreflight.probe.check;

import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.Classifier;
import io.gossippreflight.probe.classify.DirectionEvidence;
import io.gossippreflight.probe.classify.PathContext;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.classify.Verdicts;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.plan.ClusterMessages;
import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.Tokens;
import io.gossippreflight.wire.gossip.VersionedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Turns what a session observed into the two verdicts and the cluster's needs: which probes
 * went which way, what the kernels learned (ours from TCP_INFO; the responder's from its report;
 * a real node's inferred from the size of the segments it sent), and whether an MSS option was
 * rewritten on the way.
 */
final class Conclusions {
    /**
     * Linux bounds the send MSS to half the peer's largest window (tcp_bound_to_half_wnd), which
     * starts at 64 KiB: an MSS option above this never shows whole, so it cannot be compared.
     */
    private static final int COMPARABLE_MSS = 32_767;

    private final SessionContext s;
    private final PathContext ctx;
    private final List<ProbeRecord> records;
    private final UdpProber.Result udp;
    private final int kernelPmtuOut;
    private final TcpSnapshot mainAtConnect;
    private final TcpSnapshot mainAccepted;
    private final ResponderReport echoReport;
    private final ResponderReport lastReport;
    private final int shadowSize;
    private final GossipDigestAck shadowAck;
    private final int senderLimited;
    private PathVerdict outbound;
    private PathVerdict inbound;

    Conclusions(SessionContext s, PathContext ctx, RouteInfo route, List<ProbeRecord> records, UdpProber.Result udp,
            int kernelPmtuOut, TcpSnapshot mainAtConnect, TcpSnapshot mainAccepted, ResponderReport echoReport,
            ResponderReport lastReport, int shadowSize, GossipDigestAck shadowAck, int senderLimited) {
        this.senderLimited = senderLimited;
        this.s = s;
        this.ctx = ctx;
        this.records = records;
        this.udp = udp;
        this.kernelPmtuOut = kernelPmtuOut;
        this.mainAtConnect = mainAtConnect;
        this.mainAccepted = mainAccepted;
        this.echoReport = echoReport;
        this.lastReport = lastReport;
        this.shadowSize = shadowSize;
        this.shadowAck = shadowAck;
    }

    PathVerdict outbound() {
        if (outbound == null) {
            List<ProbeRecord> probes = of(Direction.OUTBOUND);
            OptionalInt icmp = kernelPmtuOut < s.localMtu ? OptionalInt.of(kernelPmtuOut) : OptionalInt.empty();
            String source = mainAtConnect != null && mainAtConnect.pmtu() < s.localMtu
                    ? "our kernel already held it before the check (learned from ICMP earlier)"
                    : "TCP_INFO pmtu of our connections, learned from ICMP";
            OptionalInt advertised = OptionalInt.empty();
            OptionalInt seen = OptionalInt.empty();
            if (echoReport != null && mainAtConnect != null && mainAtConnect.pmtu() >= s.localMtu
                    && echoReport.requestAdvmss() > 0 && echoReport.requestAdvmss() <= COMPARABLE_MSS) {
                advertised = OptionalInt.of(echoReport.requestAdvmss());
                seen = OptionalInt.of(Math.min(mainAtConnect.peerMssOption(), s.overhead.mssForIpSize(s.localMtu)));
            }
            outbound = Classifier.classify(new DirectionEvidence(Direction.OUTBOUND, s.overhead, s.localMtu, probes, icmp,
                    source, advertised, seen), ctx);
        }
        return outbound;
    }

    PathVerdict inbound() {
        if (inbound == null) {
            List<ProbeRecord> probes = of(Direction.INBOUND);
            int senderMtu = s.localMtu;
            OptionalInt icmp = OptionalInt.empty();
            String source = "";
            OptionalInt advertised = OptionalInt.empty();
            OptionalInt seen = OptionalInt.empty();
            if (lastReport != null) {
                if (lastReport.interfaceMtu() > 0) {
                    senderMtu = Math.min(senderMtu, lastReport.interfaceMtu());
                }
                if (lastReport.replyPmtu() > 0 && lastReport.replyPmtu() < senderMtu) {
                    icmp = OptionalInt.of(lastReport.replyPmtu());
                    source = "the responder's kernel reports it, learned from ICMP";
                }
            } else {
                int smallest = senderLimited;
                if (smallest > 0) {
                    icmp = OptionalInt.of(smallest);
                    source = "inferred: the target sent segments smaller than we allowed, so its kernel knows this "
                            + "limit (ICMP), unless a clamp or its own MTU sets it";
                }
            }
            if (echoReport != null && mainAccepted != null && echoReport.replyMssSeen() > 0
                    && echoReport.replyPmtu() >= echoReport.interfaceMtu() && mainAccepted.advertisedMssOption() <= COMPARABLE_MSS) {
                advertised = OptionalInt.of(mainAccepted.advertisedMssOption());
                seen = OptionalInt.of(Math.min(echoReport.replyMssSeen(), s.overhead.mssForIpSize(senderMtu)));
            }
            inbound = Classifier.classify(new DirectionEvidence(Direction.INBOUND, s.overhead, senderMtu, probes, icmp,
                    source, advertised, seen), ctx);
        }
        return inbound;
    }

    private List<ProbeRecord> of(Direction d) {
        List<ProbeRecord> out = new ArrayList<>();
        records.stream().filter(r -> r.direction() == d).forEach(out::add);
        if (udp != null) {
            out.addAll(d == Direction.OUTBOUND ? udp.outbound() : udp.inbound());
        }
        return out;
    }

    /** The messages this cluster needs, from --endpoints/--tokens or else from the target's shadow ACK. */
    ClusterNeeds needs() {
        int synBytes;
        int ack2Bytes;
        int ackBytes;
        int n;
        int t;
        String source;
        if (s.options.endpoints() != null || s.options.tokens() != null) {
            n = s.options.endpoints() != null ? s.options.endpoints() : 1;
            t = s.options.tokens() != null ? s.options.tokens() : 16;
            ClusterMessages m = ClusterMessages.of(n, t, s.options.clusterName(), s.options.partitioner(), s.version);
            synBytes = m.syn();
            ack2Bytes = m.ack2();
            ackBytes = m.shadowAck();
            source = "--endpoints " + n + " --tokens " + t;
        } else if (shadowAck != null) {
            List<AddressedState> states = shadowAck.states();
            n = states.size();
            t = 0;
            List<GossipDigest> digests = new ArrayList<>();
            for (AddressedState a : states) {
                VersionedValue tokens = a.state().get(ApplicationState.TOKENS);
                if (tokens != null) {
                    try {
                        t = Math.max(t, Tokens.fromValue(tokens.value()).size());
                    } catch (RuntimeException malformed) {
                        // a TOKENS value we cannot read does not change the sizes
                    }
                }
                digests.add(new GossipDigest(a.endpoint(), a.state().heartBeat().generation(), a.state().maxVersion()));
            }
            ackBytes = shadowSize;
            synBytes = ProbeMessages.messageSize(new GossipDigestSyn(s.options.clusterName(), s.options.partitioner(),
                    digests), 1_000, s.version);
            ack2Bytes = ProbeMessages.messageSize(new GossipDigestAck2(states), 1_000, s.version);
            source = "the target's shadow-round ACK";
        } else {
            return null;
        }
        int outSegment = mainAtConnect != null ? mainAtConnect.sndMss() : s.overhead.mssForIpSize(s.localMtu) - 12;
        List<ClusterNeeds.Needed> msgs = new ArrayList<>();
        msgs.add(needed(Direction.INBOUND, "shadow-round ACK (every endpoint state)", ackBytes,
                DirectionSearch.naturalIpSize(s, ackBytes, mainAccepted), inbound()));
        msgs.add(needed(Direction.OUTBOUND, "SYN with every digest", synBytes, outIp(synBytes, outSegment), outbound()));
        msgs.add(needed(Direction.OUTBOUND, "ACK2 with every endpoint state", ack2Bytes, outIp(ack2Bytes, outSegment),
                outbound()));
        return new ClusterNeeds(source, n, t, msgs);
    }

    private int outIp(int bytes, int sndMss) {
        long framed = SizeLadder.framedBytes(bytes, CrcFrameFormat.INSTANCE.overhead());
        return SizeLadder.largestSegmentIpSize(framed, sndMss, s.overhead, true);
    }

    private static ClusterNeeds.Needed needed(Direction d, String name, int bytes, int ip, PathVerdict v) {
        return new ClusterNeeds.Needed(d, name, bytes, ip, Verdicts.carries(v, ip));
    }
}
