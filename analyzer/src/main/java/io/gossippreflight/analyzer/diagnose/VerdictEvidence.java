package io.gossippreflight.analyzer.diagnose;

import io.gossippreflight.analyzer.icmp.IcmpFinding;
import io.gossippreflight.verdict.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evidence lines behind a verdict, from a direction's facts. */
final class VerdictEvidence {
    private VerdictEvidence() {
    }

    static void refusals(DirectionFacts f, List<Evidence> ev) {
        if (f.refused > 0) {
            ev.add(Evidence.of(Evidence.Kind.CONNECTION_REFUSED, null, f.firstRefusal,
                    f.refused + " connection attempt(s) to " + f.toName + " refused (RST)"
                            + (f.answered > 0 ? " after earlier ones succeeded: the peer's port closed (process stopped?)" : ""),
                    "refused", f.refused));
        }
        if (f.unanswered > 0) {
            ev.add(Evidence.of(Evidence.Kind.HANDSHAKE_UNANSWERED, null, null, f.unanswered
                    + " connection attempt(s) got no SYN-ACK", "unanswered", f.unanswered));
        }
    }

    /** One line per kind and place of loss, and the bytes that never arrived. */
    static void losses(DirectionFacts f, List<Evidence> ev) {
        Map<String, List<LostPacket>> byPlace = new LinkedHashMap<>();
        for (LostPacket s : f.lost) {
            byPlace.computeIfAbsent(s.what() + "|" + s.where(), x -> new ArrayList<>()).add(s);
        }
        for (List<LostPacket> l : byPlace.values()) {
            int min = l.stream().mapToInt(LostPacket::ipLength).min().orElse(0);
            int max = l.stream().mapToInt(LostPacket::ipLength).max().orElse(0);
            LostPacket s0 = l.get(0);
            ev.add(Evidence.of(Evidence.Kind.PACKET_LOST, s0.lastSeen(), s0.timeNanos(),
                    l.size() + (s0.what().equals("ping") ? " ping(s)" : " packet(s)") + " of "
                            + (min == max ? min + " bytes" : min + "-" + max + " bytes") + " died " + s0.where(),
                    "copies", l.size(), "minIpLength", min, "maxIpLength", max,
                    "lastSeen", s0.died() ? s0.lastCapture() : null, "nextPoint", s0.nextCapture()));
        }
        if (f.undeliveredBytes > 0) {
            ev.add(Evidence.of(Evidence.Kind.RETRANSMISSIONS, null, null, String.format("%,d", f.undeliveredBytes)
                    + " bytes never reached " + f.toName + " after " + f.retransPackets + " retransmissions",
                    "undeliveredBytes", f.undeliveredBytes, "retransmissions", f.retransPackets));
        }
    }

    static Evidence icmp(IcmpFact i) {
        StringBuilder sb = new StringBuilder();
        sb.append(i.ipVersion() == 6 ? "ICMPv6 Packet Too Big" : "ICMP frag-needed").append(" from ")
                .append(i.router()).append(", MTU ").append(i.mtu()).append(i.plateau() ? " (plateau: router sent 0)" : "")
                .append(", about a ").append(i.quotedLength()).append("-byte packet; seen at ")
                .append(String.join(", ", i.seenAt()));
        if (i.reachedSender() != null) {
            sb.append(i.reachedSender() ? "; reached the sender" : "; NEVER reached the sender");
        } else {
            sb.append("; ").append(IcmpFinding.NO_CAPTURE_AT_SENDER);
        }
        if (i.lost() != null) {
            sb.append(" (").append(i.lost()).append(')');
        }
        if (i.senderReacted() != null) {
            sb.append(i.senderReacted() ? "; the sender adapted" : "; the sender kept sending too-big packets");
        }
        return Evidence.of(Evidence.Kind.ICMP_FRAG_NEEDED, i.seenAt().get(0), i.timeNanos(), sb.toString(),
                "router", routerAddress(i.router()), "mtu", i.mtu(), "quotedLength", i.quotedLength(),
                "reachedSender", i.reachedSender(), "senderReacted", i.senderReacted(), "quotedSeq", i.quotedSeq(),
                "lost", i.lost());
    }

    /** "198.18.1.1" of "198.18.1.1 (ga)": machine output keeps the bare address. */
    private static String routerAddress(String named) {
        int sp = named.indexOf(' ');
        return sp < 0 ? named : named.substring(0, sp);
    }
}
