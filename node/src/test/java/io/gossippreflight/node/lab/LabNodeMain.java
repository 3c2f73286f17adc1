package io.gossippreflight.node.lab;

import io.gossippreflight.node.NodeRunner;
import io.gossippreflight.node.config.NodeConfigLoader;
import io.gossippreflight.node.log.NodeLog;
import java.io.PrintWriter;
import java.nio.file.Path;

/** One node process for the lab tests: runs a node from a node.yaml until SIGTERM (or dies on SIGKILL). */
public final class LabNodeMain {
    private LabNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintWriter err = new PrintWriter(System.err, true);
        NodeRunner r = NodeRunner.start(NodeConfigLoader.load(Path.of(args[0])), err, NodeLog.Level.INFO);
        Runtime.getRuntime().addShutdownHook(new Thread(r::close));
        System.out.println("STARTED " + r.node().address() + " generation " + r.node().generation());
        System.out.flush();
        r.awaitClosed();
    }
}
