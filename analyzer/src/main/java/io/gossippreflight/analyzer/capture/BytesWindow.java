package io.gossippreflight.analyzer.capture;

import java.nio.ByteBuffer;

/**
 * A capture held in memory: the readers' logic without a file (fuzz targets, tests). Asking for a
 * range past the end is the readers' bug, as it is with a file.
 */
final class BytesWindow extends FileWindow {
    BytesWindow(byte[] bytes) {
        super(bytes.length);
        show(ByteBuffer.wrap(bytes));
    }

    @Override
    int window(long pos, int len) {
        if (pos < 0 || len < 0 || pos + len > size) {
            throw new IllegalStateException("range beyond the capture: " + pos + "+" + len);
        }
        return (int) pos;
    }
}
