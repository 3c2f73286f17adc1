package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads classic libpcap files (microsecond and nanosecond magic, either byte order) through a
 * memory mapping, handing out frames without copying them.
 */
public final class ClassicPcapReader implements PacketSource {
    static final int MAGIC_US = 0xa1b2c3d4;
    static final int MAGIC_NS = 0xa1b23c4d;
    static final int MAGIC_US_SWAPPED = 0xd4c3b2a1;
    static final int MAGIC_NS_SWAPPED = 0x4d3cb2a1;
    static final int MAGIC_KUZNETZOV = 0xa1b2cd34;
    static final int GLOBAL_HEADER = 24;
    static final int RECORD_HEADER = 16;
    /** libpcap's MAXIMUM_SNAPLEN; records above it are corrupt. */
    static final int MAX_RECORD = 262_144;

    private final String name;
    private final String path;
    private final FileWindow file;
    private final boolean littleEndian;
    private final boolean nanos;
    private final int linkType;
    private final int snapLength;
    private long pos;
    private long index;

    private ClassicPcapReader(String name, String path, FileWindow file, boolean littleEndian, boolean nanos,
            int linkType, int snapLength) {
        this.name = name;
        this.path = path;
        this.file = file;
        this.littleEndian = littleEndian;
        this.nanos = nanos;
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.pos = GLOBAL_HEADER;
    }

    public static ClassicPcapReader open(Path path) throws IOException {
        return open(path, MappedFile.DEFAULT_WINDOW);
    }

    static ClassicPcapReader open(Path path, long windowSize) throws IOException {
        return open(path.toString(), new MappedFile(path, windowSize));
    }

    /** Reads through a buffered channel instead of a mapping (see {@link ChannelWindow}). */
    public static ClassicPcapReader openBuffered(Path path) throws IOException {
        return openBuffered(path, path.toString());
    }

    /** As {@link #openBuffered(Path)}, naming the file {@code shown} in messages (what the user gave). */
    public static ClassicPcapReader openBuffered(Path file, String shown) throws IOException {
        return open(shown, new ChannelWindow(file, ChannelWindow.DEFAULT_BUFFER));
    }

    static ClassicPcapReader open(String path, FileWindow f) throws IOException {
        try {
            if (f.size() < GLOBAL_HEADER) {
                throw new CaptureFormatException(path, 0, "file is " + f.size()
                        + " bytes, shorter than the 24-byte pcap header (empty or cut short)");
            }
            int at = f.window(0, GLOBAL_HEADER);
            int magicBe = f.big().getInt(at);
            boolean le;
            boolean ns;
            switch (magicBe) {
                case MAGIC_US: le = false; ns = false; break;
                case MAGIC_NS: le = false; ns = true; break;
                case MAGIC_US_SWAPPED: le = true; ns = false; break;
                case MAGIC_NS_SWAPPED: le = true; ns = true; break;
                case MAGIC_KUZNETZOV:
                case 0x34cdb2a1:
                    throw new CaptureFormatException(path, 0, "modified (Kuznetzov) pcap is not supported;"
                            + " convert it with 'editcap -F pcap IN OUT'");
                default:
                    throw new CaptureFormatException(path, 0, String.format(
                            "not a pcap file (magic 0x%08x); expected classic pcap or pcapng%s", magicBe,
                    CaptureInputs.hint(magicBe)));
            }
            ByteBuffer b = le ? f.little() : f.big();
            int major = Short.toUnsignedInt(b.getShort(at + 4));
            if (major != 2) {
                throw new CaptureFormatException(path, 4, "unsupported pcap version " + major + "."
                        + Short.toUnsignedInt(b.getShort(at + 6)) + " (expected 2.x)");
            }
            int snap = b.getInt(at + 16);
            int network = b.getInt(at + 20);
            int lt = network & 0xffff;
            return new ClassicPcapReader(CaptureInputs.fileName(path), path, f, le, ns, lt, snap);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    @Override
    public boolean next(RawPacket into) throws IOException {
        long size = file.size();
        if (pos >= size) {
            return false;
        }
        if (size - pos < RECORD_HEADER) {
            throw new CaptureFormatException(path, pos, "truncated record header (" + (size - pos)
                    + " of 16 bytes) after packet " + index + " " + CaptureFormatException.CUT_SHORT);
        }
        int at = file.window(pos, RECORD_HEADER);
        // the record header in two reads, each little-endian pair of ints swapped as a whole
        ByteBuffer h = littleEndian ? file.little() : file.big();
        long x = h.getLong(at);
        long y = h.getLong(at + 8);
        if (littleEndian) {
            x = x << 32 | x >>> 32;
            y = y << 32 | y >>> 32;
        }
        long sec = x >>> 32;
        long frac = x & 0xffffffffL;
        int incl = (int) (y >>> 32);
        int orig = (int) y;
        if (incl < 0 || incl > MAX_RECORD) {
            throw new CaptureFormatException(path, pos, "record " + index + " claims "
                    + Integer.toUnsignedString(incl) + " captured bytes, over the " + MAX_RECORD
                    + "-byte limit (corrupt file)");
        }
        if (size - pos - RECORD_HEADER < incl) {
            throw new CaptureFormatException(path, pos, "truncated record " + index + ": header says " + incl
                    + " bytes, " + (size - pos - RECORD_HEADER) + " are there " + CaptureFormatException.CUT_SHORT);
        }
        long tsNanos = sec * 1_000_000_000L + (nanos ? frac : frac * 1_000L);
        int data = file.window(pos, RECORD_HEADER + incl) + RECORD_HEADER;
        int original = orig < incl ? incl : orig;
        into.set(file.big(), data, incl, original, linkType, 0, tsNanos, pos);
        into.index = index++;
        pos += RECORD_HEADER + incl;
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return List.of(new CaptureInterface(0, linkType, snapLength, null));
    }

    @Override
    public String format() {
        return nanos ? "pcap-ns" : "pcap";
    }

    public int linkType() {
        return linkType;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
