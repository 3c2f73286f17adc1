package io.gossippreflight.analyzer.icmp;

import io.gossippreflight.analyzer.flow.Transmission;
import io.gossippreflight.analyzer.path.Connection;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.pass.IcmpEvent;
import java.util.List;

/**
 * One ICMP frag-needed / Packet Too Big, seen at one or more points, tied through its quoted
 * header to the connection and the packet that triggered it.
 *
 * @param event          the first sighting
 * @param seenAt         points that saw it, earliest first
 * @param about          the direction of the packet it complains about (quoted source to destination)
 * @param connection     the TCP connection, or null (not TCP, or not captured)
 * @param direction      connection direction of the quoted packet
 * @param quoted         the quoted transmission as the point nearest the sender saw it, or null
 * @param mtu            the MTU to use: the reported one, or the RFC 1191 plateau when it was 0
 * @param reachedSender  true: seen at the sender's own capture; false: that capture exists and
 *                       never saw it; null: no capture at the sender
 * @param senderReacted  true: the sender's next copies fit (or the bytes got through); false:
 *                       it kept sending too-big packets; null: cannot tell
 * @param learnedMss     a later SYN from the sender to that peer advertising MSS ≤ MTU−40, or -1
 */
public record IcmpFinding(IcmpEvent event, List<Integer> seenAt, HostDirection about, Connection connection,
        int direction, Transmission quoted, int mtu, boolean mtuFromPlateau, Boolean reachedSender,
        Boolean senderReacted, int learnedMss) {
    /** How every report words a null {@code reachedSender}: no capture at the sender while it came by. */
    public static final String NO_CAPTURE_AT_SENDER = "no capture at the sender when it came";

    public String router() {
        return event.from();
    }
}
