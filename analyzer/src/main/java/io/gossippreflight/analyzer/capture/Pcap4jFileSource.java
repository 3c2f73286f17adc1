package io.gossippreflight.analyzer.capture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * Reads a capture file through libpcap (pcap4j), one raw packet per call. Slower than the mapped
 * readers (a native call and a copy per packet) but reads whatever the installed libpcap reads.
 */
public final class Pcap4jFileSource implements PacketSource {
    private final String path;
    private final PcapHandle handle;
    private final int linkType;
    private final int snapLength;
    private long index;

    private Pcap4jFileSource(String path, PcapHandle handle, int linkType, int snapLength) {
        this.path = path;
        this.handle = handle;
        this.linkType = linkType;
        this.snapLength = snapLength;
    }

    public static Pcap4jFileSource open(Path path) throws IOException {
        return open(path, path.toString());
    }

    /** Opens {@code file}, naming it {@code shown} in messages (what the user gave). */
    public static Pcap4jFileSource open(Path file, String shown) throws IOException {
        PcapHandle h = Pcap4j.call(() -> openOffline(file, shown));
        try {
            return new Pcap4jFileSource(shown, h, h.getDlt().value(), h.getSnapshot());
        } catch (NotOpenException e) {
            h.close();
            throw new CaptureFormatException(shown, 0, "libpcap closed the file", e);
        }
    }

    private static PcapHandle openOffline(Path file, String shown) throws CaptureFormatException {
        try {
            return Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new CaptureFormatException(shown, 0, "libpcap cannot read it: " + e.getMessage(), e);
        }
    }

    /** The open libpcap handle, for benchmarks that drive pcap4j's own loop. */
    public PcapHandle handle() {
        return handle;
    }

    @Override
    public boolean next(RawPacket into) throws IOException {
        byte[] raw;
        try {
            raw = handle.getNextRawPacketEx();
        } catch (EOFException e) {
            return false;
        } catch (TimeoutException e) {
            return false;
        } catch (PcapNativeException | NotOpenException e) {
            throw new CaptureFormatException(path, -1, "libpcap stopped after packet " + index + ": "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // pcap4j turns each record's timeval into a java.sql.Timestamp, which refuses 10^9 nanoseconds or more
            throw new CaptureFormatException(path, -1, "record " + index + " has a timestamp whose fraction is a whole"
                    + " second or more (corrupt record header); libpcap through pcap4j cannot go past it, the default"
                    + " reader (--reader buffered) can", e);
        }
        Timestamp ts = handle.getTimestamp();
        long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
        Integer orig = handle.getOriginalLength();
        int original = orig == null || orig < raw.length ? raw.length : orig;
        into.set(ByteBuffer.wrap(raw), 0, raw.length, original, linkType, 0, nanos, -1);
        into.index = index++;
        return true;
    }

    @Override
    public String name() {
        return CaptureInputs.fileName(path);
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return List.of(new CaptureInterface(0, linkType, snapLength, null));
    }

    @Override
    public String format() {
        return "libpcap";
    }

    @Override
    public void close() {
        handle.close();
    }
}
