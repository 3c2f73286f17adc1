package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A read-only view of a file through which readers address byte ranges: {@link #window}
 * makes {@code [pos, pos + len)} available in {@link #big()} / {@link #little()} and returns its
 * offset there. The bytes stay valid until the next call. Readers only move forward.
 */
interface FileWindow extends AutoCloseable {
    long size();

    int window(long pos, int len) throws IOException;

    ByteBuffer big();

    ByteBuffer little();

    @Override
    void close() throws IOException;
}
