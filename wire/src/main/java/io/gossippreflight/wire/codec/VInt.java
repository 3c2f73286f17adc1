package io.gossippreflight.wire.codec;

import io.netty.buffer.ByteBuf;

/**
 * Cassandra's unsigned variable-length integer (Cassandra 5.0.9 utils/vint/VIntCoding.java):
 * the count of leading 1-bits in the first byte is the number of extra bytes; the remaining
 * first-byte bits and the extra bytes hold the value big-endian; 0xFF is followed by 8 bytes.
 */
public final class VInt {
    private VInt() {
    }

    /** Bytes the canonical encoding of {@code value} (read as unsigned) takes: 1..9. */
    public static int sizeOf(long value) {
        int magnitude = Long.numberOfLeadingZeros(value | 1);
        return (639 - magnitude * 9) >> 6;
    }

    public static void write(ByteBuf out, long value) {
        int size = sizeOf(value);
        if (size == 1) {
            out.writeByte((int) value);
        } else if (size < 9) {
            int extra = size - 1;
            // leading 'extra' one-bits, then the value in the remaining bits of 'size' bytes
            long register = (value << ((8 - size) << 3)) | ((long) (~(0xFF >> extra) & 0xFF) << 56);
            for (int i = 0; i < size; i++) {
                out.writeByte((int) (register >>> (56 - 8 * i)));
            }
        } else {
            out.writeByte(0xFF);
            out.writeLong(value);
        }
    }

    /** Extra bytes announced by a first byte. */
    public static int extraBytes(int firstByte) {
        return Integer.numberOfLeadingZeros(~firstByte & 0xFF) - 24;
    }

    /**
     * Size of the vint starting at {@code index}, or -1 if {@code limit} cuts it short.
     */
    public static int peekSize(ByteBuf buf, int index, int limit) {
        if (index >= limit) {
            return -1;
        }
        int size = 1 + extraBytes(buf.getByte(index) & 0xFF);
        return index + size <= limit ? size : -1;
    }

    /** Value of the vint at {@code index}; the caller has checked {@link #peekSize}. */
    public static long get(ByteBuf buf, int index) {
        int first = buf.getByte(index) & 0xFF;
        int extra = extraBytes(first);
        long value = first & (0xFF >> extra);
        for (int i = 1; i <= extra; i++) {
            value = (value << 8) | (buf.getByte(index + i) & 0xFF);
        }
        return value;
    }
}
