package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Like {@link ChannelWindow}, but each refill moves to a fresh buffer of a {@link BufferRing}
 * instead of compacting in place, so the frames handed out stay valid until the analysing
 * thread gives their buffer back. {@code onRetire} hears of each buffer left behind, after
 * the last byte needed from it was copied; the frames handed out before that are all in it
 * or in earlier buffers.
 */
final class RingWindow implements FileWindow {
    private final FileChannel channel;
    private final long size;
    private final BufferRing ring;
    private final Consumer<ByteBuffer> onRetire;
    private ByteBuffer big;
    private ByteBuffer little;
    private long start;
    private int filled;

    RingWindow(Path path, BufferRing ring, Consumer<ByteBuffer> onRetire) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        this.ring = ring;
        this.onRetire = onRetire;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int window(long pos, int len) throws IOException {
        if (big != null && pos >= start && pos + len <= start + filled) {
            return (int) (pos - start);
        }
        // a block larger than the ring's buffers (pcapng allows up to 16 MiB) gets a one-off heap buffer
        ByteBuffer next = len <= ring.bufferSize() ? ring.take() : ByteBuffer.allocate(len);
        next.clear();
        int keep = 0;
        if (big != null && pos >= start && pos < start + filled) {
            keep = (int) (start + filled - pos);
            next.put(0, big, (int) (pos - start), keep);
        }
        next.position(keep);
        while (next.hasRemaining() && pos + next.position() < size) {
            if (channel.read(next, pos + next.position()) <= 0) {
                break;
            }
        }
        ByteBuffer old = big;
        big = next.order(ByteOrder.BIG_ENDIAN);
        little = next.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        start = pos;
        filled = next.position();
        if (old != null) {
            onRetire.accept(old);
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
