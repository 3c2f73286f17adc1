package io.gossippreflight.cli;

import io.gossippreflight.analyzer.capture.LiveCapture;
import io.gossippreflight.analyzer.capture.PcapWriter;
import io.gossippreflight.analyzer.capture.RawPacket;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code preflight capture --iface IF --write FILE}: a capture for {@code preflight analyze}. */
@Command(name = "capture", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Capture packets on an interface (libpcap) into a pcap file until Ctrl-C, --duration or --count. "
                + "The file appears complete when the command returns (written to FILE.tmp, then renamed). "
                + "Needs root or CAP_NET_RAW.",
        footer = {"", "Example:", "  preflight capture --iface eth0 --filter 'tcp port 7000 or icmp' --write a.pcap --duration 60"})
public final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--iface"}, required = true, paramLabel = "IF", description = "Interface to capture on ('any' for all).")
    String iface;

    @Option(names = "--filter", paramLabel = "BPF", description = "Capture filter, e.g. 'tcp port 7000 or icmp or icmp6'.")
    String filter;

    @Option(names = {"-w", "--write"}, required = true, paramLabel = "FILE", description = "The pcap file to write; - writes to standard output (for a pipe: ... -w - | preflight analyze -).")
    Path file;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Integer duration;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N packets.")
    Long count;

    @Option(names = "--snaplen", defaultValue = "262144", paramLabel = "BYTES", description = "Bytes kept per packet (default all).")
    int snaplen;

    @Mixin
    ProgressOptions progress;

    /** Packets written so far (the progress bar reads it from its thread). */
    private volatile long written;

    @Override
    public Integer call() throws Exception {
        if (duration != null && duration <= 0 || count != null && count <= 0) {
            throw PreflightException.usage("--duration and --count must be positive");
        }
        if (snaplen < 64 || snaplen > 262_144) {
            throw PreflightException.usage("--snaplen must be 64..262144, got " + snaplen);
        }
        InputFiles.requireWritable(file, "--write", false);
        LiveCapture capture = LiveCapture.open(new LiveCapture.Options(iface, filter, snaplen, false, 100, 32 << 20));
        if (duration != null) {
            capture.stopAt(System.nanoTime() + TimeUnit.SECONDS.toNanos(duration));
        }
        PrintWriter err = spec.commandLine().getErr();
        PcapWriter w;
        try {
            w = toStdout() ? new PcapWriter(new java.io.FileOutputStream(java.io.FileDescriptor.out), capture.linkType(),
                    snaplen) : new PcapWriter(file, capture.linkType(), snaplen);
        } catch (java.io.IOException e) {
            capture.close();
            throw PreflightException.usage("cannot write " + file + ": " + OsErrors.reason(e));
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            capture.stop();
            try {
                done.await(10, TimeUnit.SECONDS); // the file must be finished before the JVM exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        progress.note(err, String.format("capturing on %s into %s%s", iface, toStdout() ? "standard output" : file,
                duration != null ? " for " + duration + " s"
                : count != null ? " until " + count + " packets" : " (Ctrl-C to stop)"));
        long n = 0;
        long dropped;
        long started = System.nanoTime();
        try (Progress bar = progress.bar(err, () -> liveStatus(iface, written, started, duration, count))) {
            RawPacket p = new RawPacket();
            while ((count == null || n < count) && capture.next(p)) {
                w.write(p);
                written = ++n;
            }
            bar.close();
            dropped = capture.dropped();
            capture.close();
            w.close();
            // report before releasing a Ctrl-C shutdown hook: the JVM halts once it returns
            PrintWriter out = toStdout() ? err : spec.commandLine().getOut(); // stdout carries the capture
            out.printf("%d packets captured into %s%s%n", n, toStdout() ? "standard output" : file,
                    dropped > 0 ? " (" + dropped + " dropped by the kernel)" : "");
            out.flush();
        } catch (Exception e) {
            w.abort();
            capture.close();
            throw e;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
        return ExitCode.OK;
    }

    private boolean toStdout() {
        return file.toString().equals("-");
    }

    /** "capturing on lo: 1,234 packets, 3 s [######.....]  30%": packets so far, and the time or count left. */
    static String liveStatus(String iface, long packets, long startedNanos, Integer duration, Long count) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        String s = String.format(java.util.Locale.ROOT, "capturing on %s: %,d packets, %d s", iface, packets, seconds);
        if (duration != null) {
            return s + " " + Progress.bar(seconds / (double) duration);
        }
        return count != null ? s + " " + Progress.bar(packets / (double) count) : s + " (Ctrl-C to stop)";
    }
}
