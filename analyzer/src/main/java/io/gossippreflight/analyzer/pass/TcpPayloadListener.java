package io.gossippreflight.analyzer.pass;

import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.packet.Packet;
import java.nio.ByteBuffer;

/** Receives TCP payload as it passes (gossip stream reassembly hooks in here). */
public interface TcpPayloadListener {
    /**
     * One TCP segment with payload.
     *
     * @param relStart relative sequence of its first byte in {@code direction}
     * @param packet   the decoded packet (reused: read it now); payload at {@link Packet#payloadOffset}
     * @param data     buffer holding the frame
     */
    void onPayload(TcpDirection direction, long relStart, Packet packet, ByteBuffer data, long timeNanos);

    /** The pass is over: flush whatever is buffered. */
    default void finish() {
    }
}
