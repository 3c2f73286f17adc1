package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file read sequentially into one direct buffer. For big captures this beats a memory
 * mapping: the kernel's read-ahead fills the buffer with one copy, where a mapping takes a page
 * fault per few pages (measured in bench/scripts/analyze.sh).
 */
final class ChannelWindow implements FileWindow {
    static final int DEFAULT_BUFFER = 8 << 20;

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer big;
    private final ByteBuffer little;
    private long start;
    private int filled;

    ChannelWindow(Path path, int bufferSize) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        ByteBuffer b = ByteBuffer.allocateDirect(bufferSize);
        this.big = b.order(ByteOrder.BIG_ENDIAN);
        this.little = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int window(long pos, int len) throws IOException {
        if (pos >= start && pos + len <= start + filled) {
            return (int) (pos - start);
        }
        if (len > big.capacity()) {
            throw new IllegalStateException("range of " + len + " bytes is larger than the read buffer");
        }
        ByteBuffer w = big.duplicate();
        if (pos >= start && pos < start + filled) {
            w.limit(filled).position((int) (pos - start));
            w.compact(); // keep the bytes from pos on, at the front
        } else {
            w.clear();
        }
        start = pos;
        filled = w.position();
        while (w.hasRemaining() && start + filled < size) {
            int n = channel.read(w, start + filled);
            if (n <= 0) {
                break;
            }
            filled += n;
        }
        if (filled < len) {
            throw new IllegalStateException("range beyond the file: " + pos + "+" + len);
        }
        return 0;
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
        channel.close();
    }
}
