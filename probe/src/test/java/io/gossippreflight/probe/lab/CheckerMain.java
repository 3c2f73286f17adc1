package io.gossippreflight.probe.lab;

import io.gossippreflight.analyzer.verdict.PathVerdict;
import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.Checker;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.check.TargetSpec;
import java.util.List;

/**
 * Lab helper: runs a check from inside a namespace and prints machine-readable result lines
 * ("VERDICT OUTBOUND BLACK_HOLE 1422", "PASSED false", ...) after the progress. Args: TARGET [udp].
 */
public final class CheckerMain {
    private CheckerMain() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        CheckOptions o = CheckOptions.defaults().withUdp(args.length > 1 && args[1].equals("udp"));
        List<TargetReport> reports = Checker.check(List.of(TargetSpec.parse(args[0], 7000)), o, System.err::println);
        TargetReport r = reports.get(0);
        line("OUTBOUND", r.outbound());
        line("INBOUND", r.inbound());
        System.out.println("KIND " + r.kind());
        System.out.println("PASSED " + r.passed());
        System.out.println("NEEDS " + r.needs());
        System.out.println("EXACT_MS " + r.exactMillis()[0] + " " + r.exactMillis()[1]);
        System.out.println("NOTES " + r.notes());
        System.out.println("TOTAL_MS " + (System.nanoTime() - start) / 1_000_000);
    }

    private static void line(String d, PathVerdict v) {
        System.out.println("VERDICT " + d + " " + v.status() + " " + v.mtu().exact() + " " + v.mtu().describe() + " | "
                + v.summary());
        v.fixes().forEach(f -> System.out.println("FIX " + d + " " + f.where() + ": " + f.command()));
    }
}
