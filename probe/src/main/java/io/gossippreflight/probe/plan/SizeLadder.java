package io.gossippreflight.probe.plan;

import java.util.List;

/**
 * The message sizes a check sends in each direction before bisecting: from a few hundred bytes,
 * through the sizes around common path MTUs, to past 128 KiB — a message that needs several frames
 * on a large-message connection (Cassandra 5.0.9 net/OutboundConnections.java: above 65,515 bytes).
 */
public final class SizeLadder {
    /** Message sizes in bytes, growing. */
    public static final List<Integer> DEFAULT = List.of(300, 1_000, 1_400, 2_000, 4_000, 9_000, 16_384, 65_000,
            140_000);

    /** Frames carry at most 128 KiB − 1 payload bytes (17-bit length, Cassandra 5.0.9 net/FrameEncoder.java). */
    public static final int MAX_FRAME_PAYLOAD = (1 << 17) - 1;

    private SizeLadder() {
    }

    /**
     * Bytes on the wire of a message of {@code messageBytes} framed with {@code frameOverhead}
     * bytes per frame (header + trailer), split over as many frames as it needs.
     */
    public static long framedBytes(int messageBytes, int frameOverhead) {
        long frames = Math.max(1, (messageBytes + (long) MAX_FRAME_PAYLOAD - 1) / MAX_FRAME_PAYLOAD);
        return messageBytes + frames * frameOverhead;
    }

    /**
     * IP size of the largest segment that carries a framed message, when the sender's segment
     * payload is at most {@code sndMss} (as TCP_INFO reports it, options already subtracted).
     */
    public static int largestSegmentIpSize(long framedBytes, int sndMss, PacketOverhead overhead, boolean timestamps) {
        int payload = (int) Math.min(framedBytes, sndMss);
        return overhead.ipSizeForSegment(payload, timestamps);
    }
}
