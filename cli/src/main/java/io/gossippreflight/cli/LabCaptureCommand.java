package io.gossippreflight.cli;

import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabCapture;
import io.gossippreflight.fixtures.lab.LabHosts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight lab capture HOST[:IFACE] --write FILE}. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Capture packets inside a lab host with tcpdump until Ctrl-C or --duration; the file is "
                + "complete when the command returns. Read it with 'preflight analyze'.",
        footer = {"", "Example:", "  preflight lab capture ga:vpn0 --write ga.pcap --duration 10 'tcp port 7000 or icmp'"})
public final class LabCaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST[:IFACE]",
            description = "Host and interface; the interface defaults to eth0 (gateways: eth0 node side, vpn0 tunnel; 'any' for all).")
    String where;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILTER", description = "A BPF filter, e.g. 'tcp port 7000 or icmp'.")
    String filter;

    @Option(names = {"-w", "--write"}, required = true, paramLabel = "FILE", description = "The pcap file to write.")
    Path file;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until Ctrl-C).")
    Integer duration;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws InterruptedException {
        String host = where.contains(":") ? where.substring(0, where.indexOf(':')) : where;
        String iface = where.contains(":") ? where.substring(where.indexOf(':') + 1) : LabHosts.NODE_IFACE;
        InputFiles.requireWritable(file, "--write", false);
        Lab lab = Lab.fromEnvironment();
        lab.requireEnvironment();
        PrintWriter err = spec.commandLine().getErr();
        LabCapture capture = LabCapture.start(lab, host, iface, file, filter);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            capture.stop();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        progress.note(err, String.format("capturing on %s:%s into %s%s", host, iface, file,
                duration == null ? " (Ctrl-C to stop)" : " for " + duration + " s"));
        if (duration != null) {
            stopped.await(duration, TimeUnit.SECONDS);
        } else {
            stopped.await();
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        int packets = capture.stop();
        progress.note(err, packets + " packets captured into " + file);
        return ExitCode.OK;
    }
}
