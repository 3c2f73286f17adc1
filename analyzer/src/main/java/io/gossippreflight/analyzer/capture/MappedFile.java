package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file mapped in windows (a single mapping is limited to 2 GiB). Callers ask for a
 * byte range with {@link #window(long, int)}; the range is always inside one window, so records
 * never straddle two mappings.
 */
final class MappedFile implements FileWindow {
    static final long DEFAULT_WINDOW = 1L << 30;

    private final FileChannel channel;
    private final long size;
    private final long windowSize;
    private long windowStart = -1;
    private long windowEnd = -1;
    private ByteBuffer big;
    private ByteBuffer little;

    MappedFile(Path path, long windowSize) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        this.windowSize = windowSize;
    }

    @Override
    public long size() {
        return size;
    }

    /**
     * Makes {@code [pos, pos + len)} addressable and returns its offset inside {@link #big()} and
     * {@link #little()}. The caller has checked {@code pos + len <= size()} and {@code len} against
     * its own limit, which must be far below the window size.
     */
    @Override
    public int window(long pos, int len) throws IOException {
        if (pos < windowStart || pos + len > windowEnd) {
            long start = pos;
            long length = Math.min(windowSize, size - start);
            if (length < len) {
                throw new IllegalStateException("range beyond the file: " + pos + "+" + len);
            }
            MappedByteBuffer m = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
            big = m.duplicate().order(ByteOrder.BIG_ENDIAN);
            little = m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            windowStart = start;
            windowEnd = start + length;
        }
        return (int) (pos - windowStart);
    }

    @Override
    public ByteBuffer big() {
        return big;
    }

    @Override
    public ByteBuffer little() {
        return little;
    }

    @Override
    public void close() throws IOException {
        big = null;
        little = null;
        channel.close();
    }
}
