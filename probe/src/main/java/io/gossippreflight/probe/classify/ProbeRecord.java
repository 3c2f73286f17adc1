package io.gossippreflight.probe.classify;

import io.gossippreflight.probe.Direction;
import java.time.Duration;
import java.util.Objects;

/**
 * One probe and its fate.
 *
 * @param direction which way it went
 * @param kind why it was sent
 * @param message the verb or "UDP"
 * @param messageBytes size of the message (or datagram payload)
 * @param ipSize largest IP packet that carried it, the quantity a path MTU limits
 * @param outcome crossed, crossed late, lost or not sent
 * @param elapsed from sending until it was known to cross, or until given up
 * @param retransmits segments the sender's kernel retransmitted for it (-1 when unknown)
 * @param onePacket the whole message travelled in one IP packet (its lateness then means loss;
 *                  a burst of segments can be slowed by the sender adapting to a path MTU)
 */
public record ProbeRecord(Direction direction, ProbeKind kind, String message, int messageBytes, int ipSize,
                          ProbeOutcome outcome, Duration elapsed, int retransmits, boolean onePacket) {
    public ProbeRecord {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
