package io.gossippreflight.analyzer.capture;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A fixed set of read buffers passed between the thread reading a capture and the thread
 * analysing it: the reader fills one, moves on to the next free one, and the analyser gives
 * each back once it is done with the packets in it. Memory stays at {@code count * size}
 * whatever the length of the capture.
 */
public final class BufferRing {
    private final int size;
    private final ArrayBlockingQueue<ByteBuffer> free;

    public BufferRing(int count, int size) {
        if (count < 2) {
            throw new IllegalArgumentException("a ring needs at least 2 buffers, got " + count);
        }
        this.size = size;
        this.free = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            free.add(ByteBuffer.allocateDirect(size));
        }
    }

    public int bufferSize() {
        return size;
    }

    /** The next free buffer, waiting for the analyser to give one back. */
    ByteBuffer take() throws InterruptedIOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("capture reading cancelled");
        }
    }

    /** Gives a buffer back; one-off buffers for oversized blocks are simply dropped. */
    public void give(ByteBuffer b) {
        if (b.isDirect() && b.capacity() == size) {
            free.add(b);
        }
    }
}
