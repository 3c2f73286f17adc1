package io.gossippreflight.node.lab;

import io.gossippreflight.node.NodeRunner;
import io.gossippreflight.node.config.NodeConfigLoader;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.time.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node process for the lab tests: runs a node from a node.yaml until SIGTERM (or dies on
 * SIGKILL). Arguments: the node.yaml, then optionally OFF (default), CHECK or CHECK_AND_CLAMP
 * for the pre-flight. Prints "STARTED ..." once gossiping, or "FAILED message" and exits 1.
 *
 * <p>For the chaos tests, the node's wall clock can be skewed: the environment variable
 * {@code PREFLIGHT_TEST_CLOCK_OFFSET_MS} sets an offset at start, and a line {@code clock MS} on
 * stdin sets it while running (a host whose clock jumps, as an NTP step does). Monotonic time is
 * not touched, as a real clock step does not touch it.
 */
public final class LabNodeMain {
    private LabNodeMain() {
    }

    /** The system clock plus an offset that can change at any time. */
    static final class OffsetClock implements Clock {
        final AtomicLong offsetMillis = new AtomicLong();

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis() + offsetMillis.get();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        PrintWriter err = new PrintWriter(System.err, true);
        NodeRunner.Preflight mode = args.length > 1 ? NodeRunner.Preflight.valueOf(args[1]) : NodeRunner.Preflight.OFF;
        OffsetClock clock = new OffsetClock();
        String initial = System.getenv("PREFLIGHT_TEST_CLOCK_OFFSET_MS");
        if (initial != null && !initial.isBlank()) {
            clock.offsetMillis.set(Long.parseLong(initial.trim()));
        }
        NodeRunner r;
        try {
            r = NodeRunner.start(NodeConfigLoader.load(Path.of(args[0])), err, NodeLog.Level.INFO, mode,
                    o -> System.out.println("PREFLIGHT passed=" + o.passed() + " listenerMss=" + o.listenerMss()
                            + " outboundMss=" + o.outboundMss()), clock);
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.out.flush();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(r::close));
        System.out.println("STARTED " + r.node().address() + " generation " + r.node().generation());
        System.out.flush();
        Thread commands = new Thread(() -> readCommands(clock, r), "lab-commands");
        commands.setDaemon(true);
        commands.start();
        r.awaitClosed();
    }

    private static void readCommands(OffsetClock clock, NodeRunner r) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.trim().split("\\s+");
                if (w.length == 2 && w[0].equals("clock")) {
                    clock.offsetMillis.set(Long.parseLong(w[1]));
                    r.log().warn("Test: wall clock offset now " + w[1] + " ms");
                    System.out.println("CLOCK " + w[1]);
                    System.out.flush();
                }
            }
        } catch (IOException | NumberFormatException e) {
            r.log().warn("Test command reader stopped: " + e);
        }
    }
}
