package io.gossippreflight.analyzer;

import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.CaptureInputs;
import io.gossippreflight.analyzer.capture.CaptureUsageException;
import io.gossippreflight.analyzer.diagnose.Diagnoser;
import io.gossippreflight.analyzer.diagnose.Places;
import io.gossippreflight.analyzer.flow.IntervalSet;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.gossip.GossipStreams;
import io.gossippreflight.analyzer.icmp.IcmpFinding;
import io.gossippreflight.analyzer.icmp.IcmpMatcher;
import io.gossippreflight.analyzer.pass.CapturePass;
import io.gossippreflight.analyzer.pass.CapturePoint;
import io.gossippreflight.analyzer.pass.CaptureResult;
import io.gossippreflight.analyzer.pass.EchoRecord;
import io.gossippreflight.analyzer.pass.IcmpEvent;
import io.gossippreflight.analyzer.pass.PacketSampler;
import io.gossippreflight.analyzer.pass.PointRegistry;
import io.gossippreflight.analyzer.pass.TcpPayloadListener;
import io.gossippreflight.analyzer.path.ArrivalCollector;
import io.gossippreflight.analyzer.path.PathModel;
import io.gossippreflight.analyzer.path.SegmentFate;
import io.gossippreflight.analyzer.path.SegmentFates;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.verdict.PathVerdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code preflight analyze}: reads captures taken at points along a path, follows every TCP
 * segment across them, ties ICMP frag-needed to the packets it quotes and says, per direction,
 * what is wrong with the path and what to set.
 */
public final class Analyzer {
    /**
     * A capture file and the name it goes by in the report ("a", "ga"...); {@code shown} names it
     * in messages (what the user gave, when {@code path} is a temporary copy).
     */
    public record Input(String name, Path path, String shown) {
        public Input(String name, Path path) {
            this(name, path, path.toString());
        }
    }

    /**
     * @param pathOrder  capture names from one end of the path to the other, or null to infer
     * @param gossipPort internode port (gossip streams, suggested probe commands)
     * @param keepGoing  analyse what is readable of a damaged capture instead of failing
     * @param listeners  extra per-capture payload listeners (gossip decoding), may be null
     * @param threads    1: everything on the calling thread; more: up to this many captures are read
     *                   at once, each with a reading thread ahead of the analysing one (same report)
     */
    public record Options(List<String> pathOrder, int gossipPort, boolean keepGoing, CaptureFiles.Backend backend,
            CapturePass.Limits limits, Function<String, List<TcpPayloadListener>> listeners, int threads) {
        public static Options defaults() {
            return new Options(null, 7000, false, CaptureFiles.Backend.BUFFERED, CapturePass.Limits.defaults(), null,
                    Runtime.getRuntime().availableProcessors());
        }

        public Options withLimits(CapturePass.Limits l) {
            return new Options(pathOrder, gossipPort, keepGoing, backend, l, listeners, threads);
        }

        public Options withPathOrder(List<String> order) {
            return new Options(order, gossipPort, keepGoing, backend, limits, listeners, threads);
        }

        public Options withGossipPort(int port) {
            return new Options(pathOrder, port, keepGoing, backend, limits, listeners, threads);
        }

        public Options withKeepGoing(boolean k) {
            return new Options(pathOrder, gossipPort, k, backend, limits, listeners, threads);
        }

        public Options withBackend(CaptureFiles.Backend b) {
            return new Options(pathOrder, gossipPort, keepGoing, b, limits, listeners, threads);
        }

        public Options withListeners(Function<String, List<TcpPayloadListener>> l) {
            return new Options(pathOrder, gossipPort, keepGoing, backend, limits, l, threads);
        }

        public Options withThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + n);
            }
            return new Options(pathOrder, gossipPort, keepGoing, backend, limits, listeners, n);
        }
    }

    private Analyzer() {
    }

    /** Names for captures given without one: the file names minus their common prefix and extension. */
    public static List<String> defaultNames(List<Path> files) {
        List<String> stems = new ArrayList<>();
        for (Path p : files) {
            String n = p.toString().equals(CaptureInputs.STDIN) ? "stdin" : p.getFileName().toString();
            int dot = n.indexOf('.');
            stems.add(dot > 0 ? n.substring(0, dot) : n);
        }
        if (stems.size() > 1) {
            String prefix = stems.get(0);
            for (String s : stems) {
                int k = 0;
                while (k < prefix.length() && k < s.length() && prefix.charAt(k) == s.charAt(k)) {
                    k++;
                }
                prefix = prefix.substring(0, k);
            }
            int cut = Math.max(prefix.lastIndexOf('-'), Math.max(prefix.lastIndexOf('_'), prefix.lastIndexOf('.'))) + 1;
            List<String> out = new ArrayList<>();
            for (String s : stems) {
                out.add(s.length() > cut ? s.substring(cut) : s);
            }
            if (new LinkedHashSet<>(out).size() == out.size()) {
                return out;
            }
        }
        List<String> unique = new ArrayList<>();
        for (int i = 0; i < stems.size(); i++) {
            String s = stems.get(i);
            unique.add(unique.contains(s) ? s + "-" + (i + 1) : s);
        }
        return unique;
    }

    /**
     * Analyses capture files. Standard input ({@code -}), pipes and gzip or zstd files are first
     * copied (decompressed) into temporary files, deleted at the end (see {@link CaptureInputs}).
     */
    public static AnalysisReport analyze(List<Input> inputs, Options options) throws IOException {
        validate(inputs, options);
        List<CaptureInputs.Prepared> prepared = new ArrayList<>();
        try {
            List<Input> ready = new ArrayList<>();
            for (Input in : inputs) {
                CaptureInputs.Prepared p = CaptureInputs.prepare(in.path(), System.in,
                        Path.of(System.getProperty("java.io.tmpdir")));
                prepared.add(p);
                ready.add(new Input(in.name(), p.path(), p.shown()));
            }
            return analyzeFiles(ready, options);
        } finally {
            for (CaptureInputs.Prepared p : prepared) {
                p.close();
            }
        }
    }

    private static AnalysisReport analyzeFiles(List<Input> inputs, Options options) throws IOException {
        PointRegistry registry = new PointRegistry();
        Map<String, GossipStreams> gossip = new HashMap<>();
        List<CaptureResult> results = CapturePasses.firstPass(inputs, registry, options, gossip);
        return analyze(results, registry, options, gossip, queries -> {
            Set<String> needed = new LinkedHashSet<>();
            for (long k : queries.keySet()) {
                needed.add(registry.get((int) (k >>> 40)).capture());
            }
            List<Input> again = inputs.stream().filter(in -> needed.contains(in.name())).toList();
            return CapturePasses.secondPass(again, registry, options, queries);
        });
    }

    /**
     * CPU time this JVM has spent so far in analysis threads other than the callers': capture
     * workers and reading threads, counted when they end (for {@code --stats}).
     */
    public static long helperCpuNanos() {
        return CapturePasses.helperCpuNanos();
    }

    /** Re-reads captures to match individual copies at downstream points. */
    public interface SecondPass {
        ArrivalCollector run(Map<Long, IntervalSet> queries) throws IOException;
    }

    /**
     * Analyses passes already run (live captures, the probe's evidence). {@code secondPass} may be
     * null: transmissions are then followed by byte coverage only.
     */
    public static AnalysisReport analyze(List<CaptureResult> results, PointRegistry registry, Options options,
            Map<String, GossipStreams> gossip, SecondPass secondPass) throws IOException {
        List<TcpFlow> flows = new ArrayList<>();
        List<IcmpEvent> icmp = new ArrayList<>();
        Map<Integer, PacketSampler> samples = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        for (CaptureResult r : results) {
            flows.addAll(r.flows());
            icmp.addAll(r.icmp());
            samples.putAll(r.samples());
            warnings.addAll(Warnings.of(r));
        }
        List<CapturePoint> points = registry.all();
        List<EchoRecord> echoes = new ArrayList<>();
        Map<Integer, Long> starts = new HashMap<>();
        Map<Integer, Long> ends = new HashMap<>();
        for (CaptureResult r : results) {
            echoes.addAll(r.echoes());
            for (int p : r.points()) {
                starts.put(p, r.summary().firstTime());
                ends.put(p, r.summary().lastTime());
            }
        }
        PathModel model = new PathModel(points, flows, echoes, samples, options.pathOrder(), starts, ends);
        ArrivalCollector arrivals = null;
        if (secondPass != null && points.size() > 1) {
            Map<Long, IntervalSet> queries = SegmentFates.queries(model);
            if (!queries.isEmpty()) {
                arrivals = secondPass.run(queries);
                if (arrivals.truncated()) {
                    warnings.add("too many retransmitted segments to follow one by one; the rest are followed by byte range");
                }
            }
        }
        List<SegmentFate> fates = SegmentFates.compute(model, arrivals);
        List<IcmpFinding> findings = IcmpMatcher.match(model, icmp);
        Places places = new Places(model);
        for (IcmpFinding f : findings) {
            if (f.event().sllPacketType() == io.gossippreflight.analyzer.packet.Packet.SLL_OUTGOING) {
                places.router(f.router(), model.point(f.event().point()).capture());
            }
        }
        Map<String, Long> unreadable = new HashMap<>();
        for (CaptureResult r : results) {
            r.summary().unreadableTooBig().forEach((to, n) -> unreadable.merge(to, n, Long::sum));
        }
        List<PathVerdict> verdicts = new Diagnoser(model, places, options.gossipPort()).diagnose(fates, findings, echoes,
                unreadable);
        if (verdicts.isEmpty()) {
            warnings.add("no TCP connections or pings in the captures: nothing to judge (was the capture filter too narrow?)");
        }
        return ReportBuilder.build(results, model, places, fates, findings, verdicts, warnings, options,
                gossip == null ? Map.of() : gossip);
    }

    private static void validate(List<Input> inputs, Options options) throws CaptureUsageException {
        if (inputs.isEmpty()) {
            throw new CaptureUsageException("no capture given", null);
        }
        Set<String> names = new LinkedHashSet<>();
        int stdin = 0;
        for (Input in : inputs) {
            if (in.path().toString().equals(CaptureInputs.STDIN) && ++stdin > 1) {
                throw new CaptureUsageException("standard input (-) is given twice; it can be read only once", null);
            }
            if (!names.add(in.name())) {
                throw new CaptureUsageException("two captures are named '" + in.name() + "'; name them: a=FILE b=FILE",
                        null);
            }
        }
        if (options.pathOrder() != null) {
            for (String n : options.pathOrder()) {
                if (!names.contains(n)) {
                    throw new CaptureUsageException("--path names '" + n + "' but the captures are " + names, null);
                }
            }
            for (String n : names) {
                if (!options.pathOrder().contains(n)) {
                    throw new CaptureUsageException("--path leaves out capture '" + n + "'; list every capture: "
                            + String.join(",", names), null);
                }
            }
        }
    }
}
