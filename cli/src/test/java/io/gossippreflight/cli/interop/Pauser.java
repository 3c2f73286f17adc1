package io.gossippreflight.cli.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops a process (SIGSTOP) for {@code pause} every {@code every}, as a long GC pause or a busy
 * host would, until closed; it is always left running. Real time on purpose: this is what a
 * check must ride out on the real kernel.
 */
final class Pauser implements AutoCloseable {
    private final long pid;
    private final Thread thread;
    private final AtomicInteger pauses = new AtomicInteger();
    private volatile boolean done;

    Pauser(long pid, Duration firstAfter, Duration pause, Duration every) {
        this.pid = pid;
        this.thread = new Thread(() -> {
            try {
                Thread.sleep(firstAfter.toMillis());
                while (!done) {
                    signal("STOP");
                    pauses.incrementAndGet();
                    try {
                        Thread.sleep(pause.toMillis());
                    } finally {
                        signal("CONT");
                    }
                    Thread.sleep(every.minus(pause).toMillis());
                }
            } catch (InterruptedException e) {
                signal("CONT");
            }
        }, "pauser-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    /** How many pauses there were. */
    int pauses() {
        return pauses.get();
    }

    private void signal(String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        done = true;
        thread.interrupt();
        thread.join(10_000);
        signal("CONT");
    }
}
