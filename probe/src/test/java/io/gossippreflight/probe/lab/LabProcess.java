package io.gossippreflight.probe.lab;

import io.gossippreflight.fixtures.lab.Lab;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A long-running helper process inside a lab host, started once it prints its ready line and
 * stopped by PID when the test is done. Its output is kept for failure messages.
 */
public final class LabProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);

    private LabProcess(Process process, String readyPrefix) {
        this.process = process;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith(readyPrefix)) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // process ended
            } finally {
                ready.countDown();
            }
        }, "lab-process-out");
        t.setDaemon(true);
        t.start();
    }

    /** Starts {@code argv} in {@code host} and waits until a stdout line starts with {@code readyPrefix}. */
    public static LabProcess start(Lab lab, String host, List<String> argv, String readyPrefix, Duration timeout)
            throws InterruptedException {
        Process p = lab.spawn(host, argv, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.INHERIT);
        LabProcess lp = new LabProcess(p, readyPrefix);
        if (!lp.ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || !p.isAlive()) {
            lp.close();
            throw new IllegalStateException("helper in " + host + " did not get ready within " + timeout + ": " + lp.output());
        }
        return lp;
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        // Our own child by handle: the ip-netns-exec wrapper execs java, so this is the JVM's PID.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
