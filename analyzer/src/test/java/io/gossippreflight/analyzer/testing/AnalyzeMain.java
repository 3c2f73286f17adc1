package io.gossippreflight.analyzer.testing;

import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.analyzer.report.AnalysisReport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Analyses captures in a JVM of its own (tests fork it with a small -Xmx) and prints one line per
 * fact the test checks: packets, connections, messages, notes, warnings, and the peak heap used.
 */
public final class AnalyzeMain {
    private AnalyzeMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Analyzer.Input> in = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            in.add(new Analyzer.Input("c" + i, Path.of(args[i])));
        }
        AnalysisReport r = Analyzer.analyze(in, Analyzer.Options.defaults());
        System.out.println("packets " + r.captures().stream().mapToLong(c -> c.packets()).sum());
        System.out.println("flows " + r.flows().size());
        System.out.println("messages " + r.messages().size());
        r.gossipNotes().forEach(n -> System.out.println("note " + n));
        r.warnings().forEach(w -> System.out.println("warning " + w));
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP && p.getPeakUsage() != null) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak-heap-mb " + peak / (1 << 20));
    }
}
