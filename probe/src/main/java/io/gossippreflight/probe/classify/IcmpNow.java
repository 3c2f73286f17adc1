package io.gossippreflight.probe.classify;

import io.gossippreflight.probe.udp.IcmpWitness;

/**
 * Whether ICMP "too big" reaches a sender whose kernel held a path MTU from before the check (then
 * its TCP cannot draw a new one): what two witnesses found ({@link IcmpWitness}), a small datagram
 * showing the destination answers UDP at all and a large one above the learned MTU.
 */
public enum IcmpNow {
    /** No witness ran: the sender's kernel learned nothing before the check (or we cannot ask). */
    NOT_TESTED,
    /** The large datagram drew ICMP "too big": PMTUD works now. */
    ARRIVES,
    /** Small datagrams reach the destination, the large ones vanish without ICMP: a black hole now. */
    SILENT,
    /** The large datagram reached the destination: the path carries more than the kernel's learned MTU. */
    NO_LIMIT,
    /** Nothing came back even for small datagrams (UDP filtered, or no answer): ICMP untested. */
    UNANSWERED;

    /** What a small and a large witness together say. */
    public static IcmpNow of(IcmpWitness.Outcome small, IcmpWitness.Outcome large) {
        if (large == IcmpWitness.Outcome.TOO_BIG) {
            return ARRIVES;
        }
        if (large == IcmpWitness.Outcome.REACHED) {
            return NO_LIMIT;
        }
        return small == IcmpWitness.Outcome.REACHED ? SILENT : UNANSWERED;
    }

    /** What our responder's witness towards us found ({@link IcmpWitness#ask}). */
    public static IcmpNow ofReport(IcmpWitness.Outcome o) {
        return switch (o) {
            case TOO_BIG -> ARRIVES;
            case REACHED -> NO_LIMIT;
            case SILENT -> SILENT;
            case NO_REPORT -> UNANSWERED;
        };
    }

    public boolean tested() {
        return this != NOT_TESTED;
    }
}
