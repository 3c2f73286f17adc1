package io.gossippreflight.probe.check;

import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.probe.classify.ProbeRecord;
import java.util.List;

/**
 * Everything a check found about one target.
 *
 * @param target as given ("198.18.1.2:7000")
 * @param kind what answered: our responder, or a real node (CASSANDRA)
 * @param messagingVersion the version the handshake settled on, or null
 * @param rttMillis round-trip time of the first connection, or null
 * @param local our address on the path (where the target connects back to)
 * @param outbound the verdict us → target
 * @param inbound the verdict target → us
 * @param needs the messages this cluster needs and whether they cross, or null when unknown
 * @param exactMillis time from the check's start until each direction's limit was pinned
 *                    ({outbound, inbound}, -1 when it never was)
 * @param elapsedMillis the whole check of this target
 * @param tcpMtuProbing net.ipv4.tcp_mtu_probing here, or null
 * @param notes observations for the report, in order
 * @param probes every probe, for --json and the progress log
 */
public record TargetReport(String target, TargetKind kind, Integer messagingVersion, Double rttMillis, String local,
                           PathVerdict outbound, PathVerdict inbound, ClusterNeeds needs, long[] exactMillis,
                           long elapsedMillis, Integer tcpMtuProbing, List<String> notes, List<ProbeRecord> probes) {
    public TargetReport {
        notes = List.copyOf(notes);
        probes = List.copyOf(probes);
        exactMillis = exactMillis.clone();
    }

    /**
     * True when neither direction has a problem: a silent black hole, one-way reachability, random
     * loss, a refused or foreign port fail whatever today's gossip sizes (schema pulls, mutations and
     * streams cross the same path); a direction that could not be judged fails too. A limit that
     * ICMP signals and the sender obeys (PMTUD works) or an MSS clamp passes, with a warning —
     * unless {@code strict}, for CI on paths whose ICMP may be filtered tomorrow.
     */
    public boolean passed(boolean strict) {
        for (PathVerdict v : List.of(outbound, inbound)) {
            if (v.status().isProblem() || v.status() == PathStatus.INCONCLUSIVE) {
                return false;
            }
            if (strict && v.status().isWarning()) {
                return false;
            }
        }
        return true;
    }

    public boolean passed() {
        return passed(false);
    }

    /** The same report with other verdicts and notes added (e.g. from a capture). */
    public TargetReport with(PathVerdict out, PathVerdict in, List<String> moreNotes) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.addAll(moreNotes);
        return new TargetReport(target, kind, messagingVersion, rttMillis, local, out, in, needs, exactMillis, elapsedMillis,
                tcpMtuProbing, n, probes);
    }

    @Override
    public long[] exactMillis() {
        return exactMillis.clone();
    }
}
