package io.gossippreflight.bench;

import io.gossippreflight.analyzer.pass.PipelinedPass;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Instructions and CPU time per operation of {@link AnalyzeBenchmark}, counted on the analysing
 * thread only: after warm-up, {@code perf stat -e instructions:u -t TID} is attached to this
 * thread for the measured operations. Unlike wall time on a shared machine, the instruction count
 * barely moves with the load, so it judges small changes to the hot loop.
 *
 * <p>{@code java -cp benchmarks.jar io.gossippreflight.bench.AnalyzeInstructions FILE STAGE|full [WARMUP] [RUNS]}
 */
public final class AnalyzeInstructions {
    private AnalyzeInstructions() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AnalyzeInstructions FILE read|decode|flows|sample|nogossip|pass|piped|full [WARMUP] [RUNS]");
            System.exit(2);
        }
        AnalyzeBenchmark b = new AnalyzeBenchmark();
        b.file = args[0];
        b.stage = args[1].equals("full") ? "pass" : args[1];
        boolean full = args[1].equals("full");
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long packets = 0;
        for (int i = 0; i < warmup; i++) {
            op(b, full);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        Path out = Files.createTempFile("perf-stat", ".csv");
        Process perf = null;
        try {
            perf = new ProcessBuilder("perf", "stat", "-e", "instructions:u", "-x", ",", "-t", tid, "-o", out.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(300); // perf attaches asynchronously; there is no signal that it has
        } catch (java.io.IOException e) {
            System.err.println("perf not available: " + e.getMessage() + " (CPU time only)");
        }
        List<Double> cpu = new ArrayList<>();
        long reader0 = PipelinedPass.readerCpuNanos();
        List<Double> wall = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            packets = op(b, full);
            wall.add((System.nanoTime() - w0) / 1e6);
            cpu.add((mx.getCurrentThreadCpuTime() - c0) / 1e6);
        }
        double readerMs = (PipelinedPass.readerCpuNanos() - reader0) / 1e6 / runs;
        long instructions = -1;
        if (perf != null) {
            new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
            perf.waitFor();
            for (String line : Files.readAllLines(out)) {
                String[] f = line.split(",");
                if (f.length > 2 && f[2].startsWith("instructions") && !f[0].isEmpty() && Character.isDigit(f[0].charAt(0))) {
                    instructions = Long.parseLong(f[0]);
                }
            }
        }
        Files.deleteIfExists(out);
        cpu.sort(null);
        wall.sort(null);
        System.out.printf("%s %s: %d packets; cpu ms/op min %.1f median %.1f%s; wall ms/op min %.1f; %s%n", args[1],
                Path.of(b.file).getFileName(), packets, cpu.get(0), cpu.get(cpu.size() / 2),
                readerMs > 0 ? String.format(" (+ reading thread %.1f)", readerMs) : "", wall.get(0),
                instructions < 0 ? "instructions n/a" : String.format("%.0f instructions/packet (%d per op)",
                        (double) instructions / runs / packets, instructions / runs));
    }

    private static long op(AnalyzeBenchmark b, boolean full) throws Exception {
        return full ? b.full() : b.pass();
    }
}
