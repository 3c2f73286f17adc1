package io.gossippreflight.wire.codec;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.netty.buffer.ByteBuf;

/**
 * A bounded cursor over bytes that are all present: every read checks what is left first, so a
 * bad length ends in {@link WireFormatException} (with the offset) and never in an allocation.
 * It also carries the decoding choices that the bytes cannot tell: limits and the
 * ApplicationState ordinal table.
 */
public final class WireInput {
    private final ByteBuf buf;
    private final int start;
    private final long baseOffset;
    private final DecoderLimits limits;
    private final ApplicationStateTable stateTable;

    private WireInput(ByteBuf buf, long baseOffset, DecoderLimits limits, ApplicationStateTable stateTable) {
        this.buf = buf;
        this.start = buf.readerIndex();
        this.baseOffset = baseOffset;
        this.limits = limits;
        this.stateTable = stateTable;
    }

    /** Reads {@code buf} from its reader index to its writer index, advancing its reader index. */
    public static WireInput of(ByteBuf buf, DecoderLimits limits, ApplicationStateTable stateTable) {
        return new WireInput(buf, 0, limits, stateTable);
    }

    public static WireInput of(ByteBuf buf, long baseOffset, DecoderLimits limits, ApplicationStateTable stateTable) {
        return new WireInput(buf, baseOffset, limits, stateTable);
    }

    public DecoderLimits limits() {
        return limits;
    }

    public ApplicationStateTable stateTable() {
        return stateTable;
    }

    public ByteBuf buffer() {
        return buf;
    }

    public int remaining() {
        return buf.readableBytes();
    }

    /** Offset of the next byte, counted from where this input started (plus the base offset). */
    public long offset() {
        return baseOffset + (buf.readerIndex() - start);
    }

    public WireFormatException error(String reason) {
        return new WireFormatException(reason, offset());
    }

    public void need(int n, String what) {
        if (buf.readableBytes() < n) {
            throw error(what + ": needs " + n + " bytes, " + buf.readableBytes() + " left");
        }
    }

    public int readUnsignedByte(String what) {
        need(1, what);
        return buf.readUnsignedByte();
    }

    public int readUnsignedShort(String what) {
        need(2, what);
        return buf.readUnsignedShort();
    }

    public int readInt(String what) {
        need(4, what);
        return buf.readInt();
    }

    public long readLong(String what) {
        need(8, what);
        return buf.readLong();
    }

    public byte[] readBytes(int n, String what) {
        if (n < 0) {
            throw error(what + ": negative length " + n);
        }
        need(n, what);
        byte[] b = new byte[n];
        buf.readBytes(b);
        return b;
    }

    public void skip(int n, String what) {
        need(n, what);
        buf.skipBytes(n);
    }

    public long readUnsignedVInt(String what) {
        need(1, what);
        int size = 1 + VInt.extraBytes(buf.getByte(buf.readerIndex()) & 0xFF);
        need(size, what);
        long v = VInt.get(buf, buf.readerIndex());
        buf.skipBytes(size);
        return v;
    }

    /** An unsigned vint that must fit a non-negative int (Cassandra's readUnsignedVInt32 checkedCast). */
    public int readUnsignedVInt32(String what) {
        long offsetBefore = offset();
        long v = readUnsignedVInt(what);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new WireFormatException(what + ": vint " + Long.toUnsignedString(v) + " does not fit an int", offsetBefore);
        }
        return (int) v;
    }

    /** A modified-UTF-8 string with its 2-byte length, bounded by the string limit. */
    public String readUtf(String what) {
        if (buf.readableBytes() < 2) {
            need(2, what + " length"); // the label is built only for the message: strings are read per gossip state
        }
        int len = buf.readUnsignedShort();
        if (len > limits.maxStringBytes()) {
            throw error(what + ": string of " + len + " bytes exceeds the limit of " + limits.maxStringBytes());
        }
        need(len, what);
        return ModifiedUtf8.decode(buf, len, offset());
    }

    /**
     * An int element count, checked against the collection limit and against what is left
     * ({@code minElementSize} bytes per element at least) before anything is allocated.
     */
    public int readCount(int minElementSize, String what) {
        long at = offset();
        if (buf.readableBytes() < 4) {
            need(4, what + " count");
        }
        int n = buf.readInt();
        checkCount(n, minElementSize, what, at);
        return n;
    }

    public void checkCount(long n, int minElementSize, String what, long at) {
        if (n < 0) {
            throw new WireFormatException(what + ": negative count " + n, at);
        }
        if (n > limits.maxCollection()) {
            throw new WireFormatException(what + ": count " + n + " exceeds the limit of " + limits.maxCollection(), at);
        }
        if (n * (long) minElementSize > buf.readableBytes()) {
            throw new WireFormatException(what + ": count " + n + " cannot fit in the " + buf.readableBytes()
                    + " bytes left", at);
        }
    }
}
