package io.gossippreflight.cli;

import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.Checker;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.probe.metrics.MetricsEndpoint;
import io.gossippreflight.probe.watch.WatchEvent;
import io.gossippreflight.probe.watch.WatchMetrics;
import io.gossippreflight.probe.watch.WatchPolicy;
import io.gossippreflight.probe.watch.Watcher;
import io.gossippreflight.time.LoopScheduler;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight probe watch TARGET...}: the check on an interval, its last verdicts as Prometheus metrics. */
@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Checks each target again and again (one after the other, a jittered --interval apart) and serves the last "
                    + "verdict of every path on /metrics for Prometheus: path MTU per direction, status, black hole 0/1, "
                    + "the largest message that crosses and the largest this cluster needs, when and how long the last "
                    + "check ran, checks and failures counted.",
            "Light: the first check of a target is the full one; later ones send a short ladder and try the last limit "
                    + "first, and a full check confirms any change before it is reported. A line on stderr when a "
                    + "verdict changes. Alert rules and a Grafana dashboard: docs/probe.md, 'probe watch'."},
        footer = {"", "Examples:",
            "  preflight probe watch 198.18.1.2 198.18.1.3 --interval 60s --metrics 0.0.0.0:9464",
            "  preflight probe watch --cassandra-yaml /etc/cassandra/cassandra.yaml",
            "", "Runs until Ctrl-C (or --duration). Exit: 0 when stopped; 2 bad usage; 3 the metrics port cannot be had."})
public final class ProbeWatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "TARGET[:PORT]",
            description = "Targets (IPv6 as [ADDR]:PORT); port 7000 or storage_port. Default: the seeds of --cassandra-yaml.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--interval", defaultValue = "60s", paramLabel = "DURATION",
            description = "From the end of one round of checks to the start of the next, +-10% at random "
                    + "(default ${DEFAULT-VALUE}; 1s to 24h).")
    String interval;

    @Option(names = "--metrics", defaultValue = "127.0.0.1:" + MetricsEndpoint.DEFAULT_PORT, paramLabel = "ADDRESS[:PORT]",
            description = "Where /metrics is served (default ${DEFAULT-VALUE}, loopback; 0.0.0.0:9464 for a Prometheus "
                    + "elsewhere). Port 0 picks a free one.")
    String metrics;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (default: until Ctrl-C).")
    String duration;

    @Option(names = "--rounds", paramLabel = "N", description = "Stop after N rounds of checks (default: until Ctrl-C).")
    Long rounds;

    @Mixin
    CheckSettings check;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration every = Durations.parse(interval, "--interval", Duration.ofSeconds(1), Duration.ofHours(24));
        Duration stopAfter = duration == null ? null
                : Durations.parse(duration, "--duration", Duration.ofSeconds(1), Duration.ofDays(365));
        if (rounds != null && rounds < 1) {
            throw PreflightException.usage("--rounds must be at least 1, got " + rounds);
        }
        List<TargetSpec> specs = check.targets(targets, err);
        specs.forEach(TargetSpec::resolve);
        CheckOptions options = check.options(err);
        WatchMetrics m = new WatchMetrics(check.strict);
        specs.forEach(t -> m.declare(t.toString()));
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "watch-check");
            t.setDaemon(true);
            return t;
        });
        LoopScheduler loop = new LoopScheduler("watch", e -> log(err, "internal error: " + e));
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(metrics, MetricsEndpoint.DEFAULT_PORT, m.registry(),
                "--metrics")) {
            Watcher w = new Watcher(specs, options, every, check.strict, loop, new SplittableRandom(),
                    (t, o) -> CompletableFuture.supplyAsync(() -> one(t, o), worker), e -> {
                        m.accept(e);
                        report(err, e);
                    });
            String host = metrics.startsWith("[") ? metrics.substring(0, metrics.indexOf(']') + 1)
                    : metrics.contains(":") ? metrics.substring(0, metrics.lastIndexOf(':')) : metrics;
            out.printf("serving metrics on http://%s:%d/metrics; checking %d target%s every %s%n", host, endpoint.port(),
                    specs.size(), specs.size() == 1 ? "" : "s", io.gossippreflight.config.Units.human(every));
            out.flush();
            Runtime.getRuntime().addShutdownHook(hook);
            if (rounds != null) {
                w.rounds(rounds);
            }
            w.finished().thenRun(stop::countDown);
            w.start();
            if (stopAfter != null) {
                stop.await(stopAfter.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
            w.stop();
            if (rounds != null) {
                w.finished().join();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is on its way out
            }
            loop.shutdown();
            worker.shutdownNow();
        }
        return ExitCode.OK;
    }

    private static TargetReport one(TargetSpec t, CheckOptions o) {
        return Checker.check(List.of(t), o, line -> { }).get(0);
    }

    private static void report(PrintWriter err, WatchEvent e) {
        String t = e.target().toString();
        if (e.error() != null) {
            log(err, t + ": " + WatchPolicy.describeKind(e) + " check could not run: " + e.error());
        } else if (e.isFirst()) {
            log(err, t + ": verdict " + WatchPolicy.describe(e.report()));
        } else if (e.changed()) {
            log(err, t + ": verdict changed: " + WatchPolicy.describe(e.previous()) + "  ->  "
                    + WatchPolicy.describe(e.report()));
        } else if (!e.adopted()) {
            log(err, t + ": the quick check saw " + WatchPolicy.describe(e.report()) + "; a full check confirms");
        }
    }

    private static void log(PrintWriter err, String line) {
        synchronized (err) {
            err.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
            err.flush();
        }
    }
}
