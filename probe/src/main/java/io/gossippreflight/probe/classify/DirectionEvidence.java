package io.gossippreflight.probe.classify;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.plan.PacketOverhead;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Everything observed about one direction, as the classifier reads it.
 *
 * @param direction which way
 * @param overhead IPv4 or IPv6 headers
 * @param senderMtu the largest packet the sender could send (its route/interface MTU), the
 *                  upper bound of any limit found
 * @param probes every probe sent this way (TCP and UDP)
 * @param icmpPmtu the path MTU the sender's kernel learned from ICMP "too big" (TCP_INFO pmtu /
 *                 IP_MTU below {@code senderMtu}), if any
 * @param icmpSource where {@code icmpPmtu} was read, for the report
 * @param mssAdvertised the MSS the receiver put in its SYN or SYN-ACK, when known
 * @param mssSeen the MSS that option carried when it reached the sender, when known
 * @param testableMax the largest packet the probes could test at all ({@code senderMtu}, less where
 *                    Linux caps a TCP segment or a learned path MTU caps the MSS the receiver advertises)
 * @param masked a path MTU the receiving host learned from ICMP earlier, capping the MSS it
 *               advertises: senders stay below it until it expires, whatever the path does above it
 * @param maskExpiresSeconds when the receiving host forgets {@code masked}
 * @param reportedLoss retransmissions the sender's kernel reported that were neither asked for by
 *                     ICMP nor duplicates (our responder reports them): loss on the way
 * @param icmpNow when the sender's kernel held {@code icmpPmtu} from before the check: whether ICMP
 *                "too big" still reaches it, as an ICMP witness found (NOT_TESTED otherwise)
 * @param heldExpiresSeconds when the sender's kernel forgets the path MTU it held, when known
 */
public record DirectionEvidence(Direction direction, PacketOverhead overhead, int senderMtu, List<ProbeRecord> probes,
                                OptionalInt icmpPmtu, String icmpSource, OptionalInt mssAdvertised,
                                OptionalInt mssSeen, int testableMax, OptionalInt masked, OptionalInt maskExpiresSeconds,
                                int reportedLoss, IcmpNow icmpNow, OptionalInt heldExpiresSeconds) {
    /** Evidence of a check in which no kernel held a path MTU from before it. */
    public DirectionEvidence(Direction direction, PacketOverhead overhead, int senderMtu, List<ProbeRecord> probes,
            OptionalInt icmpPmtu, String icmpSource, OptionalInt mssAdvertised, OptionalInt mssSeen, int testableMax,
            OptionalInt masked, OptionalInt maskExpiresSeconds, int reportedLoss) {
        this(direction, overhead, senderMtu, probes, icmpPmtu, icmpSource, mssAdvertised, mssSeen, testableMax, masked,
                maskExpiresSeconds, reportedLoss, IcmpNow.NOT_TESTED, OptionalInt.empty());
    }

    public DirectionEvidence {
        icmpNow = icmpNow == null ? IcmpNow.NOT_TESTED : icmpNow;
        Objects.requireNonNull(heldExpiresSeconds, "heldExpiresSeconds");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(overhead, "overhead");
        probes = List.copyOf(probes);
        Objects.requireNonNull(icmpPmtu, "icmpPmtu");
        icmpSource = icmpSource == null ? "" : icmpSource;
        Objects.requireNonNull(mssAdvertised, "mssAdvertised");
        Objects.requireNonNull(mssSeen, "mssSeen");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(maskExpiresSeconds, "maskExpiresSeconds");
        testableMax = testableMax <= 0 ? senderMtu : Math.min(testableMax, senderMtu);
        for (ProbeRecord p : probes) {
            if (p.direction() != direction) {
                throw new IllegalArgumentException("probe of direction " + p.direction() + " in evidence for " + direction);
            }
        }
    }

    /** Evidence with only probes (no kernel or MSS observations). */
    public static DirectionEvidence ofProbes(Direction direction, PacketOverhead overhead, int senderMtu,
            List<ProbeRecord> probes) {
        return new DirectionEvidence(direction, overhead, senderMtu, probes, OptionalInt.empty(), "",
                OptionalInt.empty(), OptionalInt.empty(), senderMtu, OptionalInt.empty(), OptionalInt.empty(), 0);
    }

    /** True when a middlebox rewrote the MSS option on its way (seen smaller than advertised). */
    public boolean mssRewritten() {
        return mssAdvertised.isPresent() && mssSeen.isPresent() && mssSeen.getAsInt() < mssAdvertised.getAsInt();
    }
}
