package io.gossippreflight.node.lab;

import io.gossippreflight.node.NodeRunner;
import io.gossippreflight.node.config.NodeConfigLoader;
import io.gossippreflight.node.log.NodeLog;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * One node process for the lab tests: runs a node from a node.yaml until SIGTERM (or dies on
 * SIGKILL). Arguments: the node.yaml, then optionally OFF (default), CHECK or CHECK_AND_CLAMP
 * for the pre-flight. Prints "STARTED ..." once gossiping, or "FAILED message" and exits 1.
 */
public final class LabNodeMain {
    private LabNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintWriter err = new PrintWriter(System.err, true);
        NodeRunner.Preflight mode = args.length > 1 ? NodeRunner.Preflight.valueOf(args[1]) : NodeRunner.Preflight.OFF;
        NodeRunner r;
        try {
            r = NodeRunner.start(NodeConfigLoader.load(Path.of(args[0])), err, NodeLog.Level.INFO, mode,
                    o -> System.out.println("PREFLIGHT passed=" + o.passed() + " listenerMss=" + o.listenerMss()
                            + " outboundMss=" + o.outboundMss()));
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.out.flush();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(r::close));
        System.out.println("STARTED " + r.node().address() + " generation " + r.node().generation());
        System.out.flush();
        r.awaitClosed();
    }
}
