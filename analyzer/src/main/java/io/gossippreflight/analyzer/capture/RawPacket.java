package io.gossippreflight.analyzer.capture;

import java.nio.ByteBuffer;

/**
 * One captured frame as a reader hands it out. Readers reuse one instance: its contents are
 * valid until the next call to {@link PacketSource#next(RawPacket)}. The bytes are
 * {@code data[offset, offset + capturedLength)} in a big-endian buffer (often the mapped file).
 */
public final class RawPacket {
    /** Big-endian buffer holding the frame; do not change its position or limit. */
    public ByteBuffer data;
    public int offset;
    public int capturedLength;
    /** Length on the wire; larger than {@link #capturedLength} when the snaplen cut it. */
    public int originalLength;
    public int linkType;
    /** pcapng interface id, or 0 for classic pcap and live captures. */
    public int interfaceId;
    /** Nanoseconds since the epoch. */
    public long timestampNanos;
    /** Offset of the record in the file, for messages (-1 for live packets). */
    public long fileOffset;
    /** 0-based index of the packet in its source. */
    public long index;

    /** Copies the frame bytes out (tests and slow paths only). */
    public byte[] bytes() {
        byte[] b = new byte[capturedLength];
        data.get(offset, b);
        return b;
    }

    /** Copies another frame's fields (the bytes stay where they are). */
    public RawPacket copyFrom(RawPacket o) {
        set(o.data, o.offset, o.capturedLength, o.originalLength, o.linkType, o.interfaceId, o.timestampNanos,
                o.fileOffset);
        index = o.index;
        return this;
    }

    public RawPacket set(ByteBuffer data, int offset, int capturedLength, int originalLength, int linkType,
            int interfaceId, long timestampNanos, long fileOffset) {
        if (this.data != data) {
            this.data = data; // a reference store costs a GC barrier; the buffer rarely changes
        }
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.timestampNanos = timestampNanos;
        this.fileOffset = fileOffset;
        return this;
    }
}
