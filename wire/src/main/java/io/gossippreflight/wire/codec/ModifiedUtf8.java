package io.gossippreflight.wire.codec;

import io.gossippreflight.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Java's modified UTF-8 as written by DataOutput.writeUTF: an unsigned 16-bit byte count, then
 * U+0000 and U+0080..U+07FF as two bytes, U+0800..U+FFFF as three, no 4-byte forms.
 * Cassandra writes every gossip string this way (Cassandra 5.0.9
 * io/util/UnbufferedDataOutputStreamPlus.writeUTF).
 */
public final class ModifiedUtf8 {
    public static final int MAX_ENCODED = 65535;

    private ModifiedUtf8() {
    }

    /** Encoded byte count, without the 2-byte length prefix. */
    public static int encodedLength(String s) {
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                n += 1;
            } else if (c <= 0x07FF) {
                n += 2;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Bytes on the wire including the length prefix; rejects strings that cannot be written. */
    public static int serializedSize(String s) {
        int n = encodedLength(s);
        if (n > MAX_ENCODED) {
            throw new IllegalArgumentException("string encodes to " + n + " bytes, more than " + MAX_ENCODED);
        }
        return 2 + n;
    }

    public static void write(ByteBuf out, String s) {
        int n = encodedLength(s);
        if (n > MAX_ENCODED) {
            throw new IllegalArgumentException("string encodes to " + n + " bytes, more than " + MAX_ENCODED);
        }
        out.ensureWritable(2 + n);
        out.writeShort(n);
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                out.writeByte(c);
            } else if (c <= 0x07FF) {
                out.writeByte(0xC0 | (c >> 6));
                out.writeByte(0x80 | (c & 0x3F));
            } else {
                out.writeByte(0xE0 | (c >> 12));
                out.writeByte(0x80 | ((c >> 6) & 0x3F));
                out.writeByte(0x80 | (c & 0x3F));
            }
        }
    }

    /**
     * Decodes {@code length} bytes at the reader index of {@code in}, accepting exactly what
     * DataInputStream.readUTF accepts. {@code base} is the offset used in error messages.
     */
    public static String decode(ByteBuf in, int length, long base) {
        // one bulk copy, then plain array reads: a ByteBuf read per byte costs a bounds and a
        // reference-count check each, and gossip strings (endpoint states) are on the capture's hot path
        byte[] bytes = new byte[length];
        in.getBytes(in.readerIndex(), bytes);
        int ascii = 0;
        while (ascii < length && bytes[ascii] >= 0) {
            ascii++;
        }
        if (ascii == length) {
            in.skipBytes(length);
            return new String(bytes, StandardCharsets.ISO_8859_1); // bytes 0x00..0x7F are those chars
        }
        char[] chars = new char[length];
        for (int k = 0; k < ascii; k++) {
            chars[k] = (char) bytes[k];
        }
        int n = ascii;
        int i = ascii;
        while (i < length) {
            int a = bytes[i] & 0xFF;
            switch (a >> 4) {
                case 0, 1, 2, 3, 4, 5, 6, 7 -> {
                    chars[n++] = (char) a;
                    i += 1;
                }
                case 12, 13 -> {
                    if (i + 2 > length) {
                        throw new WireFormatException("malformed modified UTF-8: partial character at end", base + i);
                    }
                    int b = bytes[i + 1] & 0xFF;
                    if ((b & 0xC0) != 0x80) {
                        throw new WireFormatException("malformed modified UTF-8 around byte " + i, base + i);
                    }
                    chars[n++] = (char) (((a & 0x1F) << 6) | (b & 0x3F));
                    i += 2;
                }
                case 14 -> {
                    if (i + 3 > length) {
                        throw new WireFormatException("malformed modified UTF-8: partial character at end", base + i);
                    }
                    int b = bytes[i + 1] & 0xFF;
                    int c = bytes[i + 2] & 0xFF;
                    if ((b & 0xC0) != 0x80 || (c & 0xC0) != 0x80) {
                        throw new WireFormatException("malformed modified UTF-8 around byte " + i, base + i);
                    }
                    chars[n++] = (char) (((a & 0x0F) << 12) | ((b & 0x3F) << 6) | (c & 0x3F));
                    i += 3;
                }
                default -> throw new WireFormatException("malformed modified UTF-8 around byte " + i, base + i);
            }
        }
        in.skipBytes(length);
        return new String(chars, 0, n);
    }
}
