package io.gossippreflight.analyzer.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a classic pcap file with nanosecond timestamps (little-endian). Packets go to
 * {@code FILE.tmp}; {@link #close()} renames it into place, so readers never see half a file.
 */
public final class PcapWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private final int snapLength;
    private long packets;
    private boolean closed;

    public PcapWriter(Path target, int linkType, int snapLength) throws IOException {
        this(target, target.resolveSibling(target.getFileName() + ".tmp"), null, linkType, snapLength);
    }

    /**
     * Writes to a stream (standard output, a pipe): no temporary file, nothing renamed; the stream
     * is flushed after each packet so a reader downstream sees packets as they come.
     */
    public PcapWriter(OutputStream stream, int linkType, int snapLength) throws IOException {
        this(null, null, stream, linkType, snapLength);
    }

    private PcapWriter(Path target, Path temp, OutputStream stream, int linkType, int snapLength) throws IOException {
        this.target = target;
        this.temp = temp;
        this.snapLength = snapLength;
        this.out = stream != null ? new BufferedOutputStream(stream, 1 << 16)
                : new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
        ByteBuffer g = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        g.putInt(ClassicPcapReader.MAGIC_NS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snapLength).putInt(linkType);
        out.write(g.array());
    }

    /** Appends one frame; bytes beyond the snaplen are cut and recorded as such. */
    public void write(long timestampNanos, ByteBuffer data, int offset, int capturedLength, int originalLength)
            throws IOException {
        int cap = snapLength > 0 ? Math.min(capturedLength, snapLength) : capturedLength;
        header.clear();
        header.putInt((int) Math.floorDiv(timestampNanos, 1_000_000_000L))
                .putInt((int) Math.floorMod(timestampNanos, 1_000_000_000L))
                .putInt(cap).putInt(Math.max(originalLength, cap));
        out.write(header.array());
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + offset, cap);
        } else {
            byte[] b = new byte[cap];
            data.get(offset, b);
            out.write(b);
        }
        packets++;
        if (temp == null) {
            out.flush();
        }
    }

    public void write(RawPacket p) throws IOException {
        write(p.timestampNanos, p.data, p.offset, p.capturedLength, p.originalLength);
    }

    public long packets() {
        return packets;
    }

    /** The file written, or null when writing to a stream. */
    public Path target() {
        return target;
    }

    /** Finishes the file and moves it into place. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
        if (temp == null) {
            return;
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Drops the partial file. */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException ignored) {
            // the temp file is deleted next either way
        }
        try {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException ignored) {
            // nothing more to do: the target was never written
        }
    }
}
