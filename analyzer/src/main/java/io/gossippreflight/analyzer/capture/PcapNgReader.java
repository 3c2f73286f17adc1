package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcapng (draft-ietf-opsawg-pcapng) through a memory mapping: several sections, several
 * interfaces each with its own link type and timestamp resolution; enhanced, simple and
 * obsolete packet blocks. Other block types are skipped.
 */
public final class PcapNgReader implements PacketSource {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int OBSOLETE_PB = 2;
    static final int SPB = 3;
    static final int EPB = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** Far above any packet block (snaplen ≤ 256 KiB); bounds what a corrupt length can make us map. */
    static final int MAX_BLOCK = 16 << 20;
    static final int MAX_INTERFACES = 65_536;

    private final String name;
    private final String path;
    private final FileWindow file;
    private final List<Iface> interfaces = new ArrayList<>();
    private final List<CaptureInterface> seen = new ArrayList<>();
    private boolean littleEndian;
    private long pos;
    private long index;

    /** Per-interface state of the current section. */
    private static final class Iface {
        final int linkType;
        final int snapLength;
        /** Timestamp units: 10^-n (decimal) or 2^-n (binary). */
        final boolean binary;
        final int exponent;
        final long offsetSeconds;
        final int globalId;

        Iface(int linkType, int snapLength, boolean binary, int exponent, long offsetSeconds, int globalId) {
            this.linkType = linkType;
            this.snapLength = snapLength;
            this.binary = binary;
            this.exponent = exponent;
            this.offsetSeconds = offsetSeconds;
            this.globalId = globalId;
        }
    }

    private PcapNgReader(String name, String path, FileWindow file) {
        this.name = name;
        this.path = path;
        this.file = file;
    }

    public static PcapNgReader open(Path path) throws IOException {
        return open(path, MappedFile.DEFAULT_WINDOW);
    }

    static PcapNgReader open(Path path, long windowSize) throws IOException {
        return open(path.toString(), new MappedFile(path, windowSize));
    }

    /** Reads through a buffered channel instead of a mapping (see {@link ChannelWindow}). */
    public static PcapNgReader openBuffered(Path path) throws IOException {
        return openBuffered(path, path.toString());
    }

    /** As {@link #openBuffered(Path)}, naming the file {@code shown} in messages (what the user gave). */
    public static PcapNgReader openBuffered(Path file, String shown) throws IOException {
        return open(shown, new ChannelWindow(file, ChannelWindow.DEFAULT_BUFFER));
    }

    static PcapNgReader open(String path, FileWindow f) throws IOException {
        try {
            PcapNgReader r = new PcapNgReader(CaptureInputs.fileName(path), path, f);
            if (f.size() < 28) {
                throw new CaptureFormatException(path, 0, "file is " + f.size()
                        + " bytes, shorter than a pcapng section header (empty or cut short)");
            }
            int at = f.window(0, 12);
            if (f.big().getInt(at) != SHB) {
                throw new CaptureFormatException(path, 0, "not a pcapng file: the first block is not a section header");
            }
            return r;
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    @Override
    public boolean next(RawPacket into) throws IOException {
        long size = file.size();
        while (true) {
            if (pos >= size) {
                return false;
            }
            if (size - pos < 12) {
                throw new CaptureFormatException(path, pos, "truncated block header (" + (size - pos)
                        + " bytes left) after packet " + index + ": the file was cut short");
            }
            int at = file.window(pos, 12);
            int typeBe = file.big().getInt(at);
            if (typeBe == SHB) {
                readSectionHeader(at);
            }
            ByteBuffer b = buf();
            int type = b.getInt(at);
            long total = Integer.toUnsignedLong(b.getInt(at + 4));
            if (total < 12 || (total & 3) != 0 || total > MAX_BLOCK) {
                throw new CaptureFormatException(path, pos, "block of type " + Integer.toUnsignedString(type)
                        + " has invalid length " + total + " (corrupt file)");
            }
            if (total > size - pos) {
                throw new CaptureFormatException(path, pos, "truncated block: length " + total + ", " + (size - pos)
                        + " bytes are there " + CaptureFormatException.CUT_SHORT);
            }
            int blockLen = (int) total;
            at = file.window(pos, blockLen);
            b = buf();
            if (b.getInt(at + blockLen - 4) != blockLen) {
                throw new CaptureFormatException(path, pos, "block length " + blockLen
                        + " does not match its trailing copy " + Integer.toUnsignedString(b.getInt(at + blockLen - 4))
                        + " (corrupt file)");
            }
            long blockPos = pos;
            pos += blockLen;
            switch (type) {
                case IDB:
                    readInterface(b, at, blockLen, blockPos);
                    break;
                case EPB:
                    enhanced(into, b, at, blockLen, blockPos);
                    return true;
                case SPB:
                    simple(into, b, at, blockLen, blockPos);
                    return true;
                case OBSOLETE_PB:
                    obsolete(into, b, at, blockLen, blockPos);
                    return true;
                default:
                    break; // SHB (handled above), name resolution, statistics, custom blocks...
            }
        }
    }

    private ByteBuffer buf() {
        return littleEndian ? file.little() : file.big();
    }

    private void readSectionHeader(int at) throws IOException {
        if (file.size() - pos < 28) {
            throw new CaptureFormatException(path, pos, "truncated section header block");
        }
        at = file.window(pos, 28);
        int magic = file.big().getInt(at + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            littleEndian = false;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            littleEndian = true;
        } else {
            throw new CaptureFormatException(path, pos + 8, String.format(
                    "section header has bad byte-order magic 0x%08x (corrupt file)", magic));
        }
        int major = Short.toUnsignedInt(buf().getShort(at + 12));
        if (major != 1) {
            throw new CaptureFormatException(path, pos + 12, "unsupported pcapng version " + major + " (expected 1.x)");
        }
        interfaces.clear();
    }

    private void readInterface(ByteBuffer b, int at, int blockLen, long blockPos) throws IOException {
        if (blockLen < 20) {
            throw new CaptureFormatException(path, blockPos, "interface description block too short (" + blockLen + ")");
        }
        if (interfaces.size() >= MAX_INTERFACES) {
            throw new CaptureFormatException(path, blockPos, "more than " + MAX_INTERFACES + " interfaces in one section");
        }
        int linkType = Short.toUnsignedInt(b.getShort(at + 8));
        int snap = b.getInt(at + 12);
        boolean binary = false;
        int exponent = 6;
        long offsetSeconds = 0;
        String ifName = null;
        int o = at + 16;
        int end = at + blockLen - 4;
        while (o + 4 <= end) {
            int code = Short.toUnsignedInt(b.getShort(o));
            int len = Short.toUnsignedInt(b.getShort(o + 2));
            if (code == 0) {
                break;
            }
            if (o + 4 + len > end) {
                throw new CaptureFormatException(path, blockPos + (o - at), "interface option " + code
                        + " of length " + len + " runs past its block (corrupt file)");
            }
            if (code == 9 && len >= 1) {
                int r = b.get(o + 4) & 0xff;
                binary = (r & 0x80) != 0;
                exponent = r & 0x7f;
                if (!binary && exponent > 18 || binary && exponent > 63) {
                    throw new CaptureFormatException(path, blockPos + (o - at), "unsupported timestamp resolution "
                            + (binary ? "2^-" : "10^-") + exponent);
                }
            } else if (code == 14 && len >= 8) {
                offsetSeconds = b.getLong(o + 4);
            } else if (code == 2 && len > 0) {
                byte[] n = new byte[Math.min(len, 256)];
                b.get(o + 4, n);
                ifName = new String(n, StandardCharsets.UTF_8).replace("\0", "");
            }
            o += 4 + ((len + 3) & ~3);
        }
        int globalId = seen.size();
        interfaces.add(new Iface(linkType, snap, binary, exponent, offsetSeconds, globalId));
        seen.add(new CaptureInterface(globalId, linkType, snap, ifName));
    }

    private Iface iface(long id, long blockPos) throws CaptureFormatException {
        if (id < 0 || id >= interfaces.size()) {
            throw new CaptureFormatException(path, blockPos, "packet refers to interface " + id + " but the section defines "
                    + interfaces.size() + " (corrupt file)");
        }
        return interfaces.get((int) id);
    }

    private void enhanced(RawPacket into, ByteBuffer b, int at, int blockLen, long blockPos) throws IOException {
        if (blockLen < 32) {
            throw new CaptureFormatException(path, blockPos, "enhanced packet block too short (" + blockLen + ")");
        }
        timestamped(into, b, at, blockLen, blockPos, Integer.toUnsignedLong(b.getInt(at + 8)));
    }

    private void simple(RawPacket into, ByteBuffer b, int at, int blockLen, long blockPos) throws IOException {
        if (blockLen < 16) {
            throw new CaptureFormatException(path, blockPos, "simple packet block too short (" + blockLen + ")");
        }
        Iface i = iface(0, blockPos);
        int orig = b.getInt(at + 8);
        int cap = blockLen - 16;
        if (orig >= 0 && orig < cap) {
            cap = orig;
        }
        if (i.snapLength > 0 && cap > i.snapLength) {
            cap = i.snapLength;
        }
        fill(into, i, at + 12, cap, orig, -1, blockPos);
    }

    private void obsolete(RawPacket into, ByteBuffer b, int at, int blockLen, long blockPos) throws IOException {
        if (blockLen < 32) {
            throw new CaptureFormatException(path, blockPos, "packet block too short (" + blockLen + ")");
        }
        timestamped(into, b, at, blockLen, blockPos, Short.toUnsignedInt(b.getShort(at + 8)));
    }

    /** Enhanced and obsolete packet blocks (≥ 32 bytes) differ only in the width of the interface id at 8. */
    private void timestamped(RawPacket into, ByteBuffer b, int at, int blockLen, long blockPos, long ifaceId)
            throws IOException {
        Iface i = iface(ifaceId, blockPos);
        long ts = (Integer.toUnsignedLong(b.getInt(at + 12)) << 32) | Integer.toUnsignedLong(b.getInt(at + 16));
        int cap = b.getInt(at + 20);
        int orig = b.getInt(at + 24);
        if (cap < 0 || cap > blockLen - 32) {
            throw new CaptureFormatException(path, blockPos, "packet " + index + " claims " + Integer.toUnsignedString(cap)
                    + " captured bytes in a " + blockLen + "-byte block (corrupt file)");
        }
        fill(into, i, at + 28, cap, orig, ts, blockPos);
    }

    private void fill(RawPacket into, Iface i, int dataAt, int cap, int orig, long ts, long blockPos) {
        long nanos = ts == -1 ? 0 : toNanos(ts, i.binary, i.exponent) + i.offsetSeconds * 1_000_000_000L;
        int original = orig < cap ? cap : orig;
        // Packet bytes are byte-order independent: always hand out the big-endian view.
        into.set(file.big(), dataAt, cap, original, i.linkType, i.globalId, nanos, blockPos);
        into.index = index++;
    }

    /** Converts a timestamp in units of 10^-n or 2^-n seconds to nanoseconds. */
    static long toNanos(long units, boolean binary, int exponent) {
        if (!binary) {
            if (exponent <= 9) {
                return units * POW10[9 - exponent];
            }
            return Long.divideUnsigned(units, POW10[exponent - 9]);
        }
        long seconds = exponent == 0 ? units : units >>> exponent;
        long frac = exponent == 0 ? 0 : units & ((1L << exponent) - 1);
        long fracNanos;
        if (exponent <= 33) {
            fracNanos = (frac * 1_000_000_000L) >>> exponent;
        } else {
            fracNanos = BigInteger.valueOf(frac).multiply(BigInteger.valueOf(1_000_000_000L)).shiftRight(exponent).longValue();
        }
        return seconds * 1_000_000_000L + fracNanos;
    }

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
        100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L,
        100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    };

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return List.copyOf(seen);
    }

    @Override
    public String format() {
        return "pcapng";
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
