package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A file read sequentially into one direct buffer. For big captures this beats a memory
 * mapping: the kernel's read-ahead fills the buffer with one copy, where a mapping takes a page
 * fault per few pages (measured in bench/scripts/analyze.sh).
 */
final class ChannelWindow extends FileWindow {
    static final int DEFAULT_BUFFER = 8 << 20;

    private final ByteBuffer buffer;
    private long start;
    private int filled;

    ChannelWindow(Path path, int bufferSize) throws IOException {
        super(path);
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
        show(buffer);
    }

    @Override
    int window(long pos, int len) throws IOException {
        if (pos >= start && pos + len <= start + filled) {
            return (int) (pos - start);
        }
        if (len > buffer.capacity()) {
            throw new IllegalStateException("range of " + len + " bytes is larger than the read buffer");
        }
        ByteBuffer w = buffer.duplicate();
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
}
