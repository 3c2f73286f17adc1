package io.gossippreflight.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A one-line progress display on stderr, redrawn in place (carriage return) four times a second
 * by a daemon thread and erased when done, so the report on stdout and whatever stderr logs
 * stay clean. Only on a terminal: in a pipe or a CI log a redrawn line is noise.
 */
final class Progress implements AutoCloseable {
    static final Progress NONE = new Progress(null, null);
    private static final long REDRAW_MS = 250;

    private final PrintWriter err;
    private final Supplier<String> status;
    private volatile boolean done;
    private Thread thread;

    Progress(PrintWriter err, Supplier<String> status) {
        this.err = err;
        this.status = status;
    }

    static Progress start(PrintWriter err, boolean enabled, Supplier<String> status) {
        if (!enabled) {
            return NONE;
        }
        Progress p = new Progress(err, status);
        p.thread = new Thread(p::loop, "progress");
        p.thread.setDaemon(true);
        p.thread.start();
        return p;
    }

    private void loop() {
        while (!done) {
            draw();
            try {
                Thread.sleep(REDRAW_MS); // a redraw rate, not a wait for anything
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Draws the current status once (the thread's step; tests call it directly). */
    void draw() {
        if (err == null) {
            return;
        }
        String s = status.get();
        synchronized (err) {
            if (!done) {
                err.print("\r" + s + "\033[K");
                err.flush();
            }
        }
    }

    @Override
    public void close() {
        if (err == null) {
            return;
        }
        synchronized (err) {
            if (done) {
                return;
            }
            done = true;
            err.print("\r\033[K");
            err.flush();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** "[#####.....]  45%", for a fraction in 0..1. */
    static String bar(double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * 20);
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "] " + String.format(Locale.ROOT, "%3.0f%%", f * 100);
    }

    /** Whether fd 2 is a terminal (Linux: /proc), and the terminal is not a dumb one. */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * Bytes this process has read from files so far (/proc/self/io rchar), or -1: how far the
     * reading of captures has got, without reaching into the analyzer. Its buffered reader reads
     * with read(2); memory-mapped reading does not count, and then the bar stays out.
     */
    static long bytesRead() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("rchar:")) {
                    return Long.parseLong(line.substring(6).strip());
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
        return -1;
    }
}
