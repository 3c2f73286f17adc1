package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only view of a file through which readers address byte ranges: {@link #window}
 * makes {@code [pos, pos + len)} available in {@link #big()} / {@link #little()} and returns its
 * offset there. The bytes stay valid until the next call. Readers only move forward. The
 * subclasses differ only in how they bring a range in (mapping, one buffer, a ring of buffers).
 */
abstract class FileWindow implements AutoCloseable {
    final FileChannel channel;
    final long size;
    private ByteBuffer big;
    private ByteBuffer little;

    FileWindow(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
    }

    /** A window without a file behind it (see {@link BytesWindow}). */
    FileWindow(long size) {
        this.channel = null;
        this.size = size;
    }

    final long size() {
        return size;
    }

    abstract int window(long pos, int len) throws IOException;

    /** Makes {@code b} the current bytes: {@link #big()} is {@code b} itself, {@link #little()} a duplicate. */
    final void show(ByteBuffer b) {
        big = b.order(ByteOrder.BIG_ENDIAN);
        little = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    final ByteBuffer big() {
        return big;
    }

    final ByteBuffer little() {
        return little;
    }

    /** Closes the file; the views are dropped so that a mapping or buffer can go with them. */
    @Override
    public void close() throws IOException {
        big = null;
        little = null;
        if (channel != null) {
            channel.close();
        }
    }
}
