package io.gossippreflight.cli;

import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.analyzer.LiveSession;
import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.CaptureFormatException;
import io.gossippreflight.analyzer.capture.LiveCapture;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.cli.render.AnalyzeDigest;
import io.gossippreflight.cli.render.AnalyzeHtmlRenderer;
import io.gossippreflight.cli.render.AnalyzeJsonRenderer;
import io.gossippreflight.cli.render.AnalyzeTextRenderer;
import io.gossippreflight.cli.render.AtomicFiles;
import io.gossippreflight.cli.render.CiSummary;
import io.gossippreflight.cli.render.JunitXmlWriter;
import io.gossippreflight.cli.render.TimeFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight analyze CAPTURE...}: the pcap post-mortem. */
@Command(name = "analyze", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Post-mortem from captures taken along a path (the nodes, the gateways): follows every TCP segment across "
                    + "them, finds where lost ones died, ties ICMP frag-needed / Packet Too Big to the segment it quotes "
                    + "and says whether it reached the sender, decodes the gossip messages, and gives a verdict per "
                    + "direction with the MTU and the fix.",
            "Captures: classic pcap (us/ns) or pcapng; Ethernet, VLAN, Linux cooked (-i any), raw IP, loopback. "
                    + "gzip and zstd captures are decompressed as they are read; '-' reads standard input, and pipes "
                    + "(<(...), FIFOs) are read as streams (copied to a temporary file under TMPDIR: the analysis "
                    + "reads each capture twice). A last record cut short (a capture still being written) is a "
                    + "warning, not a failure."},
        footer = {"", "Examples:",
            "  preflight analyze a=node-a.pcap ga=vpn-a.pcap gb=vpn-b.pcap b=node-b.pcap",
            "  preflight analyze blackhole-*.pcap --path a,ga,gb,b --json",
            "  preflight analyze a.pcap b.pcap --html report.html --junit analyze.xml --markdown summary.md",
            "  preflight analyze --live eth0 --duration 30",
            "  ssh gw tcpdump -c 200000 -w - tcp or icmp | preflight analyze gw=- a=node-a.pcap.gz",
            "", "Exit: 0 healthy (PMTUD that works counts, with a warning), 1 a problem diagnosed, 2 bad input, 3 environment."})
public final class AnalyzeCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "[NAME=]CAPTURE",
            description = "Capture files, each optionally named (a=node-a.pcap); unnamed ones are named after the file.")
    List<String> captures = new ArrayList<>();

    @Option(names = "--path", split = ",", paramLabel = "NAME",
            description = "Order of the captures along the path, from either end (default: inferred from TTL and timing).")
    List<String> path;

    @Option(names = "--port", defaultValue = "7000", paramLabel = "PORT",
            description = "Internode (gossip) port; connections opening with the protocol magic are decoded too (default 7000).")
    int port;

    @Option(names = "--json", description = "One JSON document on stdout (schema: docs/analyze-json.md).")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also write a JUnit XML report: a test suite per path, a test case per direction.")
    Path junit;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write one self-contained HTML page: verdicts, fixes, a ladder diagram across the capture "
                    + "points and a size chart per direction (opens offline).")
    Path html;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "Also write a short Markdown summary (a table per path: status, MTU, what breaks, the fix) for "
                    + "a CI job summary or a pull-request comment; appended to $GITHUB_STEP_SUMMARY when that is set.")
    Path markdown;

    @Option(names = "--time", defaultValue = "absolute", paramLabel = "absolute|relative",
            description = "Times in the text report: UTC clock times (default, to match against system.log) or seconds "
                    + "since the first packet.")
    String time;

    @Option(names = "--keep-going", description = "Analyse what is readable of a damaged capture (with a warning) instead of failing.")
    boolean keepGoing;

    @Option(names = "--all-messages", description = "List every gossip message, not only the notable and undelivered ones.")
    boolean allMessages;

    @Option(names = "--live", paramLabel = "IF", description = "Capture on this interface and analyse it (needs root or CAP_NET_RAW).")
    String live;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "With --live: how long to capture (default 10; Ctrl-C stops early).")
    Integer duration;

    @Option(names = "--filter", paramLabel = "BPF", description = "With --live: capture filter (default: tcp or icmp or icmp6).")
    String filter;

    @Option(names = "--write", paramLabel = "FILE", description = "With --live: keep the capture in this pcap file.")
    Path write;

    @Option(names = "--reader", defaultValue = "buffered", paramLabel = "buffered|mapped|pcap4j",
            description = "Capture reader: this tool's reader over a buffered file channel (default) or a memory "
                    + "mapping, or libpcap through pcap4j.")
    String reader;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads: up to N captures are read at once, each with a reading thread ahead of the "
                    + "analysing one; 1 = everything on one thread (default: the number of cores; same report).")
    Integer threads;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--stats", description = "Print packets analysed, time, CPU time and packets/s on stderr (for benchmarks).")
    boolean stats;

    @Override
    public Integer call() throws Exception {
        validate();
        long start = System.nanoTime();
        startedAt = java.time.Instant.now();
        long cpuStart = analysisCpu();
        Analyzer.Options options = Analyzer.Options.defaults().withGossipPort(port).withKeepGoing(keepGoing)
                .withPathOrder(path).withBackend(CaptureFiles.Backend.valueOf(reader.toUpperCase(java.util.Locale.ROOT)));
        if (threads != null) {
            options = options.withThreads(threads);
        }
        AnalysisReport report;
        try {
            report = live != null ? live(options) : files(options);
        } catch (OutOfMemoryError e) {
            // not a verdict: say how to give the analysis more room
            throw new PreflightException(ExitCode.ENVIRONMENT, "out of memory analysing the captures ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB heap): run with more, e.g. "
                    + "PREFLIGHT_JAVA_OPTS=-Xmx4g bin/preflight analyze ...", e);
        }
        try {
            return finish(report, start, cpuStart);
        } finally {
            if (liveDone != null) {
                liveDone.countDown(); // a Ctrl-C hook waits for the report to be printed
            }
        }
    }

    private CountDownLatch liveDone;
    private java.time.Instant startedAt;

    private int finish(AnalysisReport report, long start, long cpuStart) throws IOException {
        int code = report.problem() ? ExitCode.PROBLEM : ExitCode.OK;
        if (stats) {
            long packets = report.captures().stream().mapToLong(c -> c.packets()).sum();
            double s = (System.nanoTime() - start) / 1e9;
            double cpu = (analysisCpu() - cpuStart) / 1e9;
            double process = processCpu() / 1e9;
            PrintWriter err = spec.commandLine().getErr();
            err.printf("stats: %d packets analysed in %.3f s: %.0f packets/s; %.3f s on the analysis threads' CPU: "
                    + "%.0f packets per CPU-second; process CPU so far %.3f s (JVM start, JIT and GC included)%n",
                    packets, s, packets / s, cpu, packets / cpu, process);
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        TimeFormat.Style style = TimeFormat.Style.parse(time);
        AnalyzeDigest digest = new AnalyzeDigest(report, style);
        if (json) {
            out.print(new AnalyzeJsonRenderer().render(report, new VersionProvider().getVersion()[0]
                    .replaceFirst("^preflight ", ""), code));
        } else {
            new AnalyzeTextRenderer(allMessages, style).render(digest, out);
        }
        out.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (junit != null) {
            JunitXmlWriter.write(junit, "preflight analyze", CiSummary.analyzeSuites(report.verdicts(), digest::host, seconds,
                    startedAt));
        }
        if (markdown != null || System.getenv("GITHUB_STEP_SUMMARY") != null) {
            CiSummary.write(markdown, CiSummary.analyze(report.verdicts(), digest::host, code),
                    System.getenv("GITHUB_STEP_SUMMARY"));
        }
        if (html != null) {
            AtomicFiles.write(html, new AnalyzeHtmlRenderer().render(new AnalyzeDigest(report, TimeFormat.Style.ABSOLUTE),
                    new VersionProvider().getVersion()[0], code));
        }
        return code;
    }

    /** CPU time of this thread and of the analyzer's worker and reading threads that have ended. */
    private static long analysisCpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                + Analyzer.helperCpuNanos();
    }

    /** CPU time of the whole JVM (every thread), or -1 where the platform does not tell. */
    private static long processCpu() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private void validate() {
        if (live == null && captures.isEmpty()) {
            throw PreflightException.usage("give capture files (a=node-a.pcap ...) or --live IF");
        }
        if (live != null && !captures.isEmpty()) {
            throw PreflightException.usage("--live analyses a live interface; leave out the capture files");
        }
        if (live == null && (duration != null || filter != null || write != null)) {
            throw PreflightException.usage("--duration, --filter and --write go with --live IF");
        }
        if (duration != null && duration <= 0) {
            throw PreflightException.usage("--duration must be at least 1 second, got " + duration);
        }
        if (port < 1 || port > 65535) {
            throw PreflightException.usage("--port must be 1..65535, got " + port);
        }
        if (junit != null) {
            InputFiles.requireWritable(junit, "--junit", true);
        }
        if (write != null) {
            InputFiles.requireWritable(write, "--write", false);
        }
        if (threads != null && threads < 1) {
            throw PreflightException.usage("--threads must be at least 1, got " + threads);
        }
        if (!List.of("absolute", "relative").contains(time)) {
            throw PreflightException.usage("--time is absolute or relative, got '" + time + "'");
        }
        if (!List.of("buffered", "mapped", "pcap4j").contains(reader)) {
            throw PreflightException.usage("--reader is buffered, mapped or pcap4j, got '" + reader + "'");
        }
    }

    private AnalysisReport files(Analyzer.Options options) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String c : captures) {
            int eq = c.indexOf('=');
            if (eq > 0 && NAME.matcher(c.substring(0, eq)).matches() && !Files.exists(Path.of(c))) {
                if (eq == c.length() - 1) {
                    throw PreflightException.usage("'" + c + "': no capture file after '=' (NAME=FILE, e.g. a=node-a.pcap)");
                }
                names.add(c.substring(0, eq));
                files.add(Path.of(c.substring(eq + 1)));
            } else {
                names.add(null);
                files.add(Path.of(c));
            }
        }
        List<String> defaults = Analyzer.defaultNames(files);
        List<Analyzer.Input> inputs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            inputs.add(new Analyzer.Input(names.get(i) != null ? names.get(i) : defaults.get(i), files.get(i)));
        }
        long total = 0;
        for (Path f : files) {
            total += Files.isRegularFile(f) ? Files.size(f) : 0;
        }
        long startRead = Progress.bytesRead();
        long size = total;
        // a bar for long reads only, and only where the bytes read can be counted (not memory-mapped)
        boolean showBar = total >= PROGRESS_BYTES && startRead >= 0 && !reader.equals("mapped");
        try (Progress bar = showBar ? progress.bar(spec.commandLine().getErr(), () -> fileStatus(startRead, size))
                : Progress.NONE) {
            return Analyzer.analyze(inputs, options);
        } catch (CaptureFormatException e) {
            throw new PreflightException(ExitCode.USAGE, e.getMessage()
                    + " (--keep-going analyses what is readable)", e);
        }
    }

    /** Captures smaller than this are read before a bar would be worth drawing. */
    private static final long PROGRESS_BYTES = 64L << 20;

    private static String fileStatus(long startRead, long total) {
        long read = Math.max(0, Progress.bytesRead() - startRead);
        if (read >= total) {
            return String.format(java.util.Locale.ROOT, "read %,d MB of captures; analysing", total >> 20);
        }
        return String.format(java.util.Locale.ROOT, "reading captures: %,d of %,d MB %s", Math.min(read, total) >> 20,
                total >> 20, Progress.bar(read / (double) total));
    }

    private AnalysisReport live(Analyzer.Options options) throws Exception {
        int seconds = duration == null ? 10 : duration;
        LiveCapture capture = LiveCapture.open(LiveCapture.Options.of(live, filter == null ? "tcp or icmp or icmp6" : filter));
        capture.stopAt(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
        LiveSession session = LiveSession.start(capture, live, write, options);
        CountDownLatch done = new CountDownLatch(1);
        liveDone = done;
        Thread hook = new Thread(() -> {
            capture.stop();
            try {
                done.await(10, TimeUnit.SECONDS); // let the report print before the JVM exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter err = spec.commandLine().getErr();
        progress.note(err, String.format("capturing on %s for %d s (Ctrl-C to stop early)", live, seconds));
        long started = System.nanoTime();
        try {
            try (Progress bar = progress.bar(err, () -> CaptureCommand.liveStatus(live, session.packetsSoFar(), started,
                    seconds, null))) {
                while (session.running()) {
                    session.await(200);
                }
            }
            AnalysisReport r = session.stop();
            progress.note(err, session.packetsSoFar() + " packets captured" + (write != null ? " into " + write : ""));
            return r;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the report
            }
        }
    }
}
