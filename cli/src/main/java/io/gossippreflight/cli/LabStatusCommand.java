package io.gossippreflight.cli;

import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.GatewayRules;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LinkEmulatorStatus;
import io.gossippreflight.fixtures.lab.LabState;
import io.gossippreflight.fixtures.lab.Topology;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code preflight lab status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running topology: hosts, addresses, MTUs, gateway rules, learned path MTUs.")
public final class LabStatusCommand implements Callable<Integer> {
    private static final Duration T = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Lab lab = Lab.fromEnvironment();
        lab.requireEnvironment();
        Optional<LabState> state = lab.current();
        if (state.isEmpty()) {
            List<String> leftovers = lab.namespaces();
            out.println("no topology is up (prefix '" + lab.prefix() + "')"
                    + (leftovers.isEmpty() ? "" : "; leftover namespaces: " + String.join(" ", leftovers)
                            + " (remove with 'preflight lab down --all')"));
            return ExitCode.OK;
        }
        LabState s = state.get();
        out.printf("%s: %s%n", s.topology().id(), s.topology().description());
        out.printf("node MTU %d, tunnel MTU %d, offloads %s%n", s.options().nodeMtu(), s.options().tunnelMtu(),
                s.options().offloads() ? "on" : "off");
        printHosts(lab, s.topology(), out);
        printTunnel(lab, s, out);
        for (String host : s.topology().hosts()) {
            ExecResult rules = lab.exec(host, List.of("nft", "list", "table", "inet", GatewayRules.TABLE), T);
            if (rules.ok()) {
                out.println("rules in " + host + ":");
                rules.stdout().lines().forEach(l -> out.println("  " + l));
            }
            for (String dst : Lab.nodeAddresses(s.topology())) {
                OptionalInt pmtu = lab.learnedPmtu(host, dst);
                if (pmtu.isPresent()) {
                    out.printf("learned path MTU in %s towards %s: %d (from ICMP; 'preflight lab up' again to forget)%n",
                            host, dst, pmtu.getAsInt());
                }
            }
        }
        return ExitCode.OK;
    }

    /** The tunnel's WAN conditions each way, and the link emulator that carries them. */
    static void printTunnel(Lab lab, LabState s, PrintWriter out) {
        if (!s.topology().hasGateways()) {
            return;
        }
        LabOptions o = s.options();
        out.printf("tunnel a→b: %s; b→a: %s%s%n", o.aToB().describe(), o.bToA().describe(),
                o.emulatesWan() && o.reorder() ? "; jittered packets may reorder" : "");
        if (o.emulatesWan()) {
            LinkEmulatorStatus e = lab.linkEmulator();
            out.println(e.pid().isPresent()
                    ? "link emulator: pid " + e.pid().getAsLong() + ", log " + e.log()
                    : "link emulator: NOT RUNNING, the tunnel carries nothing (see " + e.log()
                            + "; 'preflight lab up' again restarts it)");
        }
    }

    /** One line per host: namespace, interfaces with MTU and addresses. */
    static void printHosts(Lab lab, Topology topology, PrintWriter out) {
        for (String host : topology.hosts()) {
            ExecResult r = lab.sh(host, "ip -br addr show | grep -v '^lo '; ip -o link show | grep -v ': lo:'", T);
            StringBuilder line = new StringBuilder(String.format("  %-3s (netns %s)", host, lab.namespace(host)));
            for (String l : r.stdout().split("\n")) {
                String[] f = l.trim().split("\\s+");
                if (f.length >= 3 && !l.contains("mtu")) {
                    String iface = f[0].replaceAll("@.*", "");
                    line.append("  ").append(iface).append(' ');
                    for (int i = 2; i < f.length; i++) {
                        if (!f[i].startsWith("fe80")) {
                            line.append(f[i]).append(' ');
                        }
                    }
                    line.append("mtu ").append(mtuOf(r.stdout(), iface));
                }
            }
            out.println(line);
        }
    }

    private static String mtuOf(String text, String iface) {
        for (String l : text.split("\n")) {
            if (l.contains(" " + iface + "@") || l.contains(" " + iface + ":")) {
                String[] f = l.trim().split("\\s+");
                for (int i = 0; i + 1 < f.length; i++) {
                    if (f[i].equals("mtu")) {
                        return f[i + 1];
                    }
                }
            }
        }
        return "?";
    }
}
