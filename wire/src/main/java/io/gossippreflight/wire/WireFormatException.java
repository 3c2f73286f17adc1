package io.gossippreflight.wire;

/**
 * Bytes that do not follow the internode format, or that exceed a decoder limit. Carries the
 * reason and the byte offset (relative to the start of the structure being decoded, or -1).
 * Decoders throw it before allocating anything a bad length would ask for.
 */
public class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final long offset;

    public WireFormatException(String reason, long offset) {
        super(offset >= 0 ? reason + " (at byte " + offset + ")" : reason);
        this.reason = reason;
        this.offset = offset;
    }

    public WireFormatException(String reason) {
        this(reason, -1);
    }

    public String reason() {
        return reason;
    }

    public long offset() {
        return offset;
    }
}
