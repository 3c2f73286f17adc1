package io.gossippreflight.cli;

import io.gossippreflight.node.NodeRunner;
import io.gossippreflight.node.config.NodeConfig;
import io.gossippreflight.node.config.NodeConfigLoader;
import io.gossippreflight.cli.render.ProbeTextRenderer;
import io.gossippreflight.cli.log.Logging;
import io.gossippreflight.node.log.NodeLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code preflight node start --config node.yaml}: run a gossip node until SIGTERM / Ctrl-C. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Run a gossip node configured by a cassandra.yaml-style file (cluster_name, seed_provider, "
                + "listen_address, storage_port, num_tokens, phi_convict_threshold, endpoint_snitch, data_directory, "
                + "admin_port). Logs go to stderr and to the log file; stop with SIGTERM or Ctrl-C (announces shutdown).",
            "Every value is checked against its bounds; errors name FILE:LINE:COLUMN, and keys nobody reads are listed "
                + "once at start. With admin_address beyond loopback the admin API needs the token in admin_token_file "
                + "(written if missing; default <data_directory>/admin.token); the node commands read it with --config.",
            "Before gossiping it checks the path to the seeds with the probe (--no-preflight skips it); the report goes to "
                + "stdout, and if the shadow round then fails the error names each seed's verdict and fix.",
            "Exit 1 when no seed answered the shadow round, 2 for a bad config, 3 when a port or directory is unusable."})
public final class NodeStartCommand implements Callable<Integer> {
    /** Tests get the running node here instead of waiting for a signal. */
    static volatile Consumer<NodeRunner> onStarted;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "node.yaml (cassandra.yaml keys accepted).")
    Path config;

    @Option(names = "--no-preflight", description = "Do not check the path to the seeds with the probe before gossiping.")
    boolean noPreflight;

    @Option(names = "--auto-clamp", description = "When the pre-flight finds a black hole at MTU M towards a seed, clamp this "
            + "node's internode connections to MSS M - 52 (and say loudly that the path needs the real fix).")
    boolean autoClamp;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO",
            description = "DEBUG, INFO, WARN or ERROR (default: ${DEFAULT-VALUE}).")
    NodeLog.Level level;

    @Override
    public Integer call() throws InterruptedException {
        InputFiles.requireReadable(config, "--config");
        NodeConfig c = NodeConfigLoader.load(config);
        if (noPreflight && autoClamp) {
            throw PreflightException.usage("--auto-clamp needs the pre-flight: drop --no-preflight");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        NodeRunner.Preflight mode = noPreflight ? NodeRunner.Preflight.OFF
                : autoClamp ? NodeRunner.Preflight.CHECK_AND_CLAMP : NodeRunner.Preflight.CHECK;
        Logging.NodeHandle logs;
        try {
            logs = Logging.node(c.logFile(), level, err, GlobalOptions.debug(spec.root().commandLine().getParseResult()));
        } catch (IOException e) {
            throw PreflightException.environment("cannot write the log file " + c.logFile() + ": " + OsErrors.reason(e)
                    + " (set log_file in node.yaml to a writable path)");
        }
        NodeRunner runner;
        try {
            runner = start(c, logs, mode, out);
        } catch (RuntimeException e) {
            closeQuietly(logs);
            throw e;
        }
        Thread hook = new Thread(runner::close, "preflight-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("node %s running: generation %d, mode %s, admin API on %s:%d, log %s%n", runner.node().address(),
                runner.node().generation(), runner.node().mode(), c.adminAddress(), runner.adminPort(), c.logFile());
        out.flush();
        Consumer<NodeRunner> test = onStarted;
        if (test != null) {
            test.accept(runner);
        }
        runner.awaitClosed();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is what closed us
        }
        return ExitCode.OK;
    }

    private static NodeRunner start(NodeConfig c, Logging.NodeHandle logs, NodeRunner.Preflight mode, PrintWriter out) {
        return NodeRunner.start(c, logs.log(), logs.close(), mode, outcome -> {
            if (!outcome.reports().isEmpty()) {
                out.println("Pre-flight of the seeds:");
                ProbeTextRenderer.render(outcome.reports(), out);
                outcome.warnings().forEach(w -> out.println("WARNING: " + w));
                out.println();
                out.flush();
            }
        });
    }

    private static void closeQuietly(Logging.NodeHandle logs) {
        try {
            logs.close().close();
        } catch (Exception e) {
            // the start failure is what the user needs to see
        }
    }
}
