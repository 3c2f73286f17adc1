package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A read-only file mapped in windows (a single mapping is limited to 2 GiB). Callers ask for a
 * byte range with {@link #window(long, int)}; the range is always inside one window, so records
 * never straddle two mappings.
 */
final class MappedFile extends FileWindow {
    static final long DEFAULT_WINDOW = 1L << 30;

    private final long windowSize;
    private long windowStart = -1;
    private long windowEnd = -1;

    MappedFile(Path path, long windowSize) throws IOException {
        super(path);
        this.windowSize = windowSize;
    }

    /**
     * Makes {@code [pos, pos + len)} addressable and returns its offset inside {@link #big()} and
     * {@link #little()}. The caller has checked {@code pos + len <= size()} and {@code len} against
     * its own limit, which must be far below the window size.
     */
    @Override
    int window(long pos, int len) throws IOException {
        if (pos < windowStart || pos + len > windowEnd) {
            long start = pos;
            long length = Math.min(windowSize, size - start);
            if (length < len) {
                throw new IllegalStateException("range beyond the file: " + pos + "+" + len);
            }
            show(channel.map(FileChannel.MapMode.READ_ONLY, start, length));
            windowStart = start;
            windowEnd = start + length;
        }
        return (int) (pos - windowStart);
    }
}
