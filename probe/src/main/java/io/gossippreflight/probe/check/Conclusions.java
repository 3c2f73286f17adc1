package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.Classifier;
import io.gossippreflight.probe.classify.DirectionEvidence;
import io.gossippreflight.probe.classify.IcmpNow;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.classify.Verdicts;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.plan.ClusterMessages;
import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.Tokens;
import io.gossippreflight.wire.gossip.VersionedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What a check's facts mean, as pure functions: the verdict of each direction (which probes went
 * which way, what the kernels learned — ours from TCP_INFO, the responder's from its report, a real
 * node's inferred from the segments it sent — and whether an MSS option was rewritten on the way),
 * and the messages the cluster needs with whether each crosses.
 */
final class Conclusions {
    /**
     * Linux bounds the send MSS to half the peer's largest window (tcp_bound_to_half_wnd), which
     * starts at 64 KiB: an MSS option above this never shows whole, so it cannot be compared.
     */
    private static final int COMPARABLE_MSS = SocketOptions.MAX_MAXSEG;
    /**
     * The schema pull response an empty Apache Cassandra 5.0.9 cluster sends a joining node
     * (SCHEMA_PULL_RSP of the shared blackhole-16tokens captures: 12,987 bytes); every table adds to it.
     */
    static final int EMPTY_SCHEMA_PULL_RSP = 12_987;

    private Conclusions() {
    }

    static PathVerdict outbound(CheckFacts f) {
        List<ProbeRecord> probes = of(f, Direction.OUTBOUND);
        int learned = f.outbound().learnedPmtu();
        OptionalInt icmp = learned < f.localMtu() ? OptionalInt.of(learned) : OptionalInt.empty();
        String source = f.atConnect() != null && f.atConnect().pmtu() < f.localMtu()
                ? "our kernel already held it before the check (learned from ICMP earlier, or the route's MTU)"
                : "TCP_INFO pmtu of our connections, learned from ICMP";
        OptionalInt targetHeld = targetHeld(f);
        if (icmp.isEmpty() && targetHeld.isPresent() && f.outIcmp() == IcmpNow.ARRIVES) {
            // the target's MSS kept our TCP below the limit, so only our witness's datagram drew the ICMP: the
            // limit is DF UDP's, or the target's learned value
            int udpLimit = f.udp() == null ? 0 : f.udp().outbound().stream().filter(p -> p.outcome().crossed())
                    .mapToInt(ProbeRecord::ipSize).max().orElse(0);
            icmp = OptionalInt.of(udpLimit > 0 && udpLimit < f.localMtu() ? udpLimit : targetHeld.getAsInt());
            source = "ICMP \"too big\" our DF datagram drew during the check (TCP stayed below it: the target's "
                    + "learned path MTU caps its MSS)";
        }
        OptionalInt advertised = OptionalInt.empty();
        OptionalInt seen = OptionalInt.empty();
        if (f.echoReport() != null && f.atConnect() != null && f.atConnect().pmtu() >= f.localMtu()
                && f.echoReport().requestAdvmss() > 0 && f.echoReport().requestAdvmss() <= COMPARABLE_MSS) {
            advertised = OptionalInt.of(f.echoReport().requestAdvmss());
            seen = OptionalInt.of(Math.min(f.atConnect().peerMssOption(), f.overhead().mssForIpSize(f.localMtu())));
        }
        return Classifier.classify(new DirectionEvidence(Direction.OUTBOUND, f.overhead(), f.localMtu(), probes, icmp,
                source, advertised, seen, f.outbound().testableMax(), targetHeld, OptionalInt.empty(), 0,
                f.route().icmpLearnedMtu().isPresent() ? f.outIcmp() : IcmpNow.NOT_TESTED,
                f.route().expiresSeconds()), f.ctx());
    }

    /**
     * A path MTU our responder's host held towards us as it accepted our first connection (its first
     * report says), learned before the check: it caps the MSS it advertises, so our TCP stays below
     * it, as ours does the other way ("masked").
     * A real node tells nothing of the kind.
     */
    private static OptionalInt targetHeld(CheckFacts f) {
        ResponderReport r = f.echoReport();
        return r == null ? OptionalInt.empty() : r.heldAtAccept();
    }

    static PathVerdict inbound(CheckFacts f) {
        if (!f.connectsBack()) {
            String why = "one-way: " + f.ctx().targetAddress() + " never connected back to " + f.ctx().localAddress()
                    + " (its ECHO answer and shadow-round ACK never came), though we reach it: a firewall lets this "
                    + "host connect out but not the target connect in; open TCP port to here from it";
            return Verdicts.of(Direction.INBOUND, f.ctx(), PathStatus.UNREACHABLE, why,
                    List.of(Verdicts.fact(Evidence.Kind.HANDSHAKE_UNANSWERED, why)), List.of());
        }
        List<ProbeRecord> probes = of(f, Direction.INBOUND);
        int senderMtu = f.localMtu();
        OptionalInt icmp = OptionalInt.empty();
        String source = "";
        OptionalInt advertised = OptionalInt.empty();
        OptionalInt seen = OptionalInt.empty();
        if (f.lastReport() != null) {
            if (f.lastReport().interfaceMtu() > 0) {
                senderMtu = Math.min(senderMtu, f.lastReport().interfaceMtu());
            }
            if (f.lastReport().replyPmtu() > 0 && f.lastReport().replyPmtu() < senderMtu) {
                icmp = OptionalInt.of(f.lastReport().replyPmtu());
                boolean before = f.echoReport() != null && f.echoReport().heldAtAccept().isPresent();
                source = !before ? "the responder's kernel reports it, learned from ICMP"
                        : "the responder's kernel held it before the check (learned from ICMP earlier)";
                if (before && !f.inIcmp().tested()) {
                    // no witness asked (--target cassandra): held from before is no proof of ICMP now. Where our
                    // own learned value capped what it could send, nothing above it was tested; else no more
                    // than inferred
                    icmp = f.route().icmpLearnedMtu().isPresent() ? OptionalInt.empty() : icmp;
                    source = "inferred: the responder's kernel held it before the check; whether ICMP still reaches "
                            + "it was not tested";
                }
            }
        } else if (f.inbound().learnedPmtu() < Integer.MAX_VALUE) {
            icmp = OptionalInt.of(f.inbound().learnedPmtu());
            source = "inferred: the target sent segments smaller than we allowed, so its kernel knows this "
                    + "limit (ICMP), unless a clamp or its own MTU sets it";
        }
        if (f.echoReport() != null && f.mainAccepted() != null && f.echoReport().replyMssSeen() > 0
                && f.echoReport().replyPmtu() >= f.echoReport().interfaceMtu()
                && f.mainAccepted().advertisedMssOption() <= COMPARABLE_MSS) {
            advertised = OptionalInt.of(f.mainAccepted().advertisedMssOption());
            seen = OptionalInt.of(Math.min(f.echoReport().replyMssSeen(), f.overhead().mssForIpSize(senderMtu)));
        }
        OptionalInt masked = f.route().icmpLearnedMtu();
        return Classifier.classify(new DirectionEvidence(Direction.INBOUND, f.overhead(), senderMtu, probes, icmp,
                source, advertised, seen, f.inbound().testableMax(), masked, f.route().expiresSeconds(),
                lossDuringCheck(f), f.inIcmp(), OptionalInt.empty()), f.ctx());
    }

    /**
     * Our responder's count of segments lost towards us is kept for its lifetime: only what grew
     * between its first report of this check and its last belongs to this check (a long-lived
     * checker, probe watch, would otherwise carry an earlier check's losses forever).
     */
    static int lossDuringCheck(CheckFacts f) {
        if (f.lastReport() == null) {
            return 0;
        }
        int before = f.echoReport() == null ? 0 : f.echoReport().lossRetrans();
        return Math.max(0, f.lastReport().lossRetrans() - before);
    }

    private static List<ProbeRecord> of(CheckFacts f, Direction d) {
        List<ProbeRecord> out = new ArrayList<>();
        DirectionResult r = d == Direction.OUTBOUND ? f.outbound() : f.inbound();
        out.addAll(r.probes());
        if (d == Direction.INBOUND && f.shadow() != null && f.shadow().atOwnMss() != null) {
            out.add(f.shadow().atOwnMss());
        }
        if (f.udp() != null) {
            out.addAll(d == Direction.OUTBOUND ? f.udp().outbound() : f.udp().inbound());
        }
        return out;
    }

    /**
     * The messages this cluster needs, each the larger of what was measured (the target's own
     * shadow ACK) and what the configuration implies (--endpoints/--tokens, or the seeds and
     * num_tokens of cassandra.yaml): a setting gives a floor, never a smaller size.
     */
    static ClusterNeeds needs(CheckFacts f, PathVerdict out, PathVerdict in) {
        CheckOptions o = f.options();
        Inbox.ShadowAck shadow = f.shadow() == null ? null : f.shadow().sinkAck();
        if (shadow == null && o.endpoints() == null && o.tokens() == null) {
            return null;
        }
        int n = 0;
        int t = 0;
        int ack = 0;
        int syn = 0;
        int ack2 = 0;
        // on the wire: frames (LZ4-compressed when the connection compresses) and TLS records
        long ackWire = 0;
        long synWire = 0;
        long ack2Wire = 0;
        io.gossippreflight.probe.net.WireCost inCost = shadow != null ? shadow.cost()
                : io.gossippreflight.probe.net.WireCost.CRC;
        io.gossippreflight.probe.net.WireCost outCost = f.outCost() != null ? f.outCost()
                : io.gossippreflight.probe.net.WireCost.CRC;
        List<String> sources = new ArrayList<>();
        if (shadow != null) {
            List<AddressedState> states = shadow.ack().states();
            List<GossipDigest> digests = new ArrayList<>();
            for (AddressedState a : states) {
                t = Math.max(t, tokens(a.state().get(ApplicationState.TOKENS)));
                digests.add(new GossipDigest(a.endpoint(), a.state().heartBeat().generation(), a.state().maxVersion()));
            }
            n = states.size();
            ack = shadow.bytes();
            ackWire = shadow.wireBytes();
            Message synM = Message.gossip(1_000, 0, new GossipDigestSyn(o.clusterName(), o.partitioner(), digests));
            Message ack2M = Message.gossip(1_000, 0, new GossipDigestAck2(states));
            syn = synM.serializedSize(f.version());
            ack2 = ack2M.serializedSize(f.version());
            synWire = outCost.wireBytes(synM, f.version());
            ack2Wire = outCost.wireBytes(ack2M, f.version());
            sources.add("the target's shadow-round ACK (" + n + " endpoint" + (n == 1 ? "" : "s") + " x " + t
                    + " tokens)");
        }
        if (o.endpoints() != null || o.tokens() != null) {
            int fn = Math.max(n, o.endpoints() != null ? o.endpoints() : 1);
            int ft = Math.max(t, o.tokens() != null ? o.tokens() : 16);
            ClusterMessages m = ClusterMessages.of(fn, ft, o.clusterName(), o.partitioner(), f.version());
            if (m.shadowAck() > ack || m.syn() > syn || m.ack2() > ack2) {
                sources.add("at least " + fn + " endpoint" + (fn == 1 ? "" : "s") + " x " + ft + " tokens (" + o.sizeSource()
                        + ")");
            }
            // a floor from settings: no message to compress, counted as if incompressible
            ackWire = Math.max(ackWire, inCost.wireBytes(m.shadowAck()));
            synWire = Math.max(synWire, outCost.wireBytes(m.syn()));
            ack2Wire = Math.max(ack2Wire, outCost.wireBytes(m.ack2()));
            ack = Math.max(ack, m.shadowAck());
            syn = Math.max(syn, m.syn());
            ack2 = Math.max(ack2, m.ack2());
            n = fn;
            t = ft;
        }
        int outSegment = f.atConnect() != null ? f.atConnect().sndMss() : f.overhead().mssForIpSize(f.localMtu()) - 12;
        List<ClusterNeeds.Needed> msgs = new ArrayList<>();
        msgs.add(needed(Direction.INBOUND, "shadow-round ACK (every endpoint state)" + travels(inCost, ack, ackWire), ack,
                ShadowPhase.naturalIpSizeOfWire(f, ackWire), in, false));
        msgs.add(needed(Direction.OUTBOUND, "SYN with every digest" + travels(outCost, syn, synWire), syn,
                outIpOfWire(f, synWire, outSegment), out, false));
        msgs.add(needed(Direction.OUTBOUND, "ACK2 with every endpoint state" + travels(outCost, ack2, ack2Wire), ack2,
                outIpOfWire(f, ack2Wire, outSegment), out, false));
        // a Cassandra schema is never smaller than an empty one; a smaller answer (our own node has no
        // tables) does not lower the floor for the Cassandra nodes that may join later
        boolean measured = f.schemaBytes() >= EMPTY_SCHEMA_PULL_RSP;
        int schema = Math.max(f.schemaBytes(), EMPTY_SCHEMA_PULL_RSP);
        msgs.add(needed(Direction.INBOUND, measured ? "schema pull response" : "schema pull response (empty schema)",
                schema, ShadowPhase.naturalIpSizeOf(f, schema), in, !measured));
        anyOver(f, Direction.OUTBOUND, out, outSegment, msgs);
        anyOver(f, Direction.INBOUND, in, Integer.MAX_VALUE, msgs);
        return new ClusterNeeds(String.join("; ", sources), n, t, msgs);
    }

    /**
     * Past a black hole's limit, every message whose first segment exceeds it is lost: mutations,
     * hints, read responses and streams as much as gossip. Named by the smallest such message.
     */
    private static void anyOver(CheckFacts f, Direction d, PathVerdict v, int sndMss, List<ClusterNeeds.Needed> msgs) {
        Integer limit = v.mtu().lowerBound();
        if (v.status() != PathStatus.BLACK_HOLE || limit == null) {
            return;
        }
        io.gossippreflight.probe.net.WireCost cost = f.outCost() != null ? f.outCost()
                : io.gossippreflight.probe.net.WireCost.CRC;
        int largestFitting = limit - f.overhead().tcpHeaders(true) - cost.frameOverhead() - cost.tlsRecordOverhead();
        if (largestFitting < 1 || largestFitting >= sndMss) {
            return;
        }
        msgs.add(new ClusterNeeds.Needed(d, String.format("any message over %,d bytes (mutations, hints, streaming)",
                largestFitting), largestFitting + 1, limit + 1, false, false));
    }

    private static int tokens(VersionedValue v) {
        if (v == null) {
            return 0;
        }
        try {
            return Tokens.fromValue(v.value()).size();
        } catch (RuntimeException malformed) {
            return 0; // a TOKENS value we cannot read does not change the sizes
        }
    }

    /** ", 4,284 bytes in LZ4 frames" when compression or TLS changes what crosses; else nothing. */
    private static String travels(io.gossippreflight.probe.net.WireCost cost, int bytes, long wire) {
        if (cost.framing() != io.gossippreflight.wire.handshake.Framing.LZ4 && !cost.tls()) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, ", %,d bytes on the wire in %s", wire, cost);
    }

    private static int outIpOfWire(CheckFacts f, long wire, int sndMss) {
        return SizeLadder.largestSegmentIpSize(wire, sndMss, f.overhead(), true);
    }

    private static int outIp(CheckFacts f, int bytes, int sndMss) {
        long framed = SizeLadder.framedBytes(bytes, CrcFrameFormat.INSTANCE.overhead());
        return SizeLadder.largestSegmentIpSize(framed, sndMss, f.overhead(), true);
    }

    private static ClusterNeeds.Needed needed(Direction d, String name, int bytes, int ip, PathVerdict v,
            boolean estimate) {
        return new ClusterNeeds.Needed(d, name, bytes, ip, Verdicts.carries(v, ip), estimate);
    }
}
