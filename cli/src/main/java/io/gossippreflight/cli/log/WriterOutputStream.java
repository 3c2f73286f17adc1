package io.gossippreflight.cli.log;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Lets a Logback appender write to the command's stderr writer (picocli's, a StringWriter in
 * tests). Logback hands over each event encoded whole in one write, so decoding per write never
 * splits a character.
 */
final class WriterOutputStream extends OutputStream {
    private final PrintWriter writer;

    WriterOutputStream(PrintWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        synchronized (writer) {
            writer.write(new String(b, off, len, StandardCharsets.UTF_8));
            writer.flush();
        }
    }

    @Override
    public void flush() {
        writer.flush();
    }

    @Override
    public void close() {
        writer.flush(); // the writer is the command's: it outlives the appender
    }
}
