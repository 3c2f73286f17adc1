package io.gossippreflight.wire;

/**
 * Limits every decoder checks before it allocates. Frame payloads are bounded by the format
 * itself (17-bit length, Cassandra 5.0.9 net/FrameEncoder.java Payload.MAX_SIZE = 1<<17).
 *
 * @param maxMessageSize  largest message (header + payload) accepted, in bytes
 * @param maxCollection   largest element count of any list (digests, states, params, tokens)
 * @param maxStringBytes  largest encoded modified-UTF-8 string (the format allows 65535)
 */
public record DecoderLimits(int maxMessageSize, int maxCollection, int maxStringBytes) {
    /** Largest frame payload: 128 KiB - 1 (17-bit length field). */
    public static final int MAX_FRAME_PAYLOAD = (1 << 17) - 1;

    /** Defaults sized for gossip of thousands of nodes with 256 tokens each. */
    public static final DecoderLimits DEFAULT = new DecoderLimits(64 << 20, 1 << 20, 65535);

    public DecoderLimits {
        if (maxMessageSize < 16) {
            throw new IllegalArgumentException("maxMessageSize must be >= 16, got " + maxMessageSize);
        }
        if (maxCollection < 1) {
            throw new IllegalArgumentException("maxCollection must be >= 1, got " + maxCollection);
        }
        if (maxStringBytes < 0 || maxStringBytes > 65535) {
            throw new IllegalArgumentException("maxStringBytes must be in 0..65535, got " + maxStringBytes);
        }
    }
}
