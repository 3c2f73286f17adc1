package io.gossippreflight.cli;

import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LabUnits;
import io.gossippreflight.fixtures.lab.LinkConditions;
import io.gossippreflight.fixtures.lab.Topology;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight lab up TOPOLOGY}. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {
            "Bring a lab topology up (idempotent; any other topology under the same prefix goes down first).",
            "",
            "Hosts: a 198.18.1.2 (seed side), ga 198.18.1.1 / 198.18.0.1, gb 198.18.0.2 / 198.18.2.1, "
                    + "b 198.18.2.2 (joining side); direct has only a and b. v6 variants add 2001:db8:1::2 (a) "
                    + "and 2001:db8:2::2 (b). Namespaces are named PREFIX+host (PREFIX from $PREFLIGHT_LAB_PREFIX, "
                    + "default gp-): run anything inside with 'preflight lab exec HOST -- CMD'.",
        },
        footer = {"", "Examples:", "  preflight lab up vpn-blackhole && preflight lab exec a -- ping -M do -s 1395 198.18.2.2",
            "  preflight lab up vpn --rtt 150ms --jitter 15ms --rate 100mbit --loss 0.5%%"})
public final class LabUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TOPOLOGY", completionCandidates = TopologyNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}. See 'preflight lab list'.")
    String topology;

    @Option(names = "--node-mtu", paramLabel = "MTU", defaultValue = "9001",
            description = "MTU of the node interfaces (default ${DEFAULT-VALUE}).")
    int nodeMtu;

    @Option(names = "--tunnel-mtu", paramLabel = "MTU", defaultValue = "1422",
            description = "MTU of the link between the gateways (default ${DEFAULT-VALUE}).")
    int tunnelMtu;

    @Option(names = "--offloads", paramLabel = "on|off", defaultValue = "off", arity = "1",
            converter = OnOff.class,
            description = "TSO/GSO/GRO on the veths (default ${DEFAULT-VALUE}: captures show real segment sizes).")
    boolean offloads;

    @Option(names = "--loss", paramLabel = "PERCENT",
            description = "Random loss in each direction of the tunnel, e.g. 1%% or 0.5%% (default: 10%% on vpn-lossy, "
                    + "none elsewhere). Dropped by the gateways' nftables rules.")
    String loss;

    @Option(names = "--rtt", paramLabel = "DURATION",
            description = "Round-trip time added by the tunnel, half each way, e.g. 150ms (default none). "
                    + "WAN options run the tunnel through the lab's link emulator (built with gcc on first use).")
    String rtt;

    @Option(names = "--jitter", paramLabel = "DURATION",
            description = "Jitter of the round trip: each direction's delay varies uniformly within ± half of it, "
                    + "so RTTs fall within RTT ± jitter, e.g. --rtt 150ms --jitter 15ms. At most --rtt.")
    String jitter;

    @Option(names = "--rate", paramLabel = "RATE",
            description = "Link rate in each direction, e.g. 100mbit, 512kbit, 1gbit (default unlimited). "
                    + "Packets beyond the --queue wait, then drop.")
    String rate;

    @Option(names = "--queue", paramLabel = "BYTES",
            description = "Bytes a rate-limited direction queues before it drops, e.g. 256k "
                    + "(default 100 ms at the rate, at least 64k).")
    String queue;

    @Option(names = "--reorder",
            description = "Let jittered packets overtake each other (by default they keep their order, as on one path).")
    boolean reorder;

    @Option(names = "--delay-ab", paramLabel = "DURATION", description = "One-way delay a→b (overrides half of --rtt).")
    String delayAb;

    @Option(names = "--delay-ba", paramLabel = "DURATION", description = "One-way delay b→a (overrides half of --rtt).")
    String delayBa;

    @Option(names = "--jitter-ab", paramLabel = "DURATION", description = "One-way jitter a→b: delay ± this.")
    String jitterAb;

    @Option(names = "--jitter-ba", paramLabel = "DURATION", description = "One-way jitter b→a: delay ± this.")
    String jitterBa;

    @Option(names = "--rate-ab", paramLabel = "RATE", description = "Link rate a→b (overrides --rate).")
    String rateAb;

    @Option(names = "--rate-ba", paramLabel = "RATE", description = "Link rate b→a (overrides --rate).")
    String rateBa;

    @Option(names = "--loss-ab", paramLabel = "PERCENT", description = "Random loss a→b (overrides --loss).")
    String lossAb;

    @Option(names = "--loss-ba", paramLabel = "PERCENT", description = "Random loss b→a (overrides --loss).")
    String lossBa;

    @Override
    public Integer call() {
        Topology t = Topology.byId(topology);
        LabOptions options = options();
        Lab lab = Lab.fromEnvironment();
        boolean built = lab.up(t, options);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %s: %s%n", built ? "up" : "already up", t.id(), t.description());
        LabStatusCommand.printHosts(lab, t, out);
        lab.current().ifPresent(s -> LabStatusCommand.printTunnel(lab, s, out));
        return ExitCode.OK;
    }

    /** The options as given; every value is checked with a one-line usage error naming the option. */
    LabOptions options() {
        LabOptions o = LabOptions.defaults().withNodeMtu(nodeMtu).withTunnelMtu(tunnelMtu).withOffloads(offloads)
                .withReorder(reorder);
        if (rtt != null) {
            o = o.withRtt(LabUnits.duration("--rtt", rtt));
        }
        if (jitter != null) {
            o = o.withJitter(LabUnits.duration("--jitter", jitter));
        }
        if (rate != null) {
            o = o.withRate(LabUnits.rate("--rate", rate));
        }
        if (loss != null) {
            o = o.withLossPercent(LabUnits.percent("--loss", loss));
        }
        if (queue != null) {
            o = o.withQueueBytes(LabUnits.bytes("--queue", queue));
        }
        return o.withAtoB(direction(o.aToB(), "ab", delayAb, jitterAb, rateAb, lossAb))
                .withBtoA(direction(o.bToA(), "ba", delayBa, jitterBa, rateBa, lossBa));
    }

    private static LinkConditions direction(LinkConditions c, String dir, String delay, String jitter, String rate,
            String loss) {
        if (delay != null) {
            c = c.withDelay(LabUnits.duration("--delay-" + dir, delay));
        }
        if (jitter != null) {
            c = c.withJitter(LabUnits.duration("--jitter-" + dir, jitter));
        }
        if (rate != null) {
            c = c.withRate(LabUnits.rate("--rate-" + dir, rate));
        }
        if (loss != null) {
            c = c.withLossPercent(LabUnits.percent("--loss-" + dir, loss));
        }
        return c;
    }
}
