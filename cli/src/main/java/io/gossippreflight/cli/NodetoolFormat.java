package io.gossippreflight.cli;

import io.gossippreflight.node.admin.ClusterView;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Renders a {@link ClusterView} the way nodetool lays out status, gossipinfo and describecluster
 * (layouts from Cassandra 5.0.9 tools/nodetool/Status.java, GossipInfo.java / FailureDetector
 * getAllEndpointStates, DescribeCluster.java; column tables as its TableBuilder: two spaces
 * between left-aligned columns, widths shared across datacenters).
 */
final class NodetoolFormat {
    private static final double KIB = 1024;

    private NodetoolFormat() {
    }

    /**
     * How endpoint addresses ({@code ip:port}, IPv6 as {@code [ip]:port}) are printed: as nodetool,
     * the IP alone unless {@code -pp} asks for ports; ports stay where two endpoints share an IP
     * (several nodes on one host), or the rows could not be told apart. {@code -r} prints host names.
     */
    record Names(boolean ports, UnaryOperator<String> resolver) {
        static final Names WITH_PORTS = new Names(true, null);

        static Names of(ClusterView v, boolean printPort, UnaryOperator<String> resolver) {
            Set<String> ips = new HashSet<>();
            boolean shared = false;
            for (ClusterView.Endpoint e : v.endpoints()) {
                shared |= !ips.add(ip(e.address()));
            }
            return new Names(printPort || shared, resolver == null ? null : memo(resolver));
        }

        /** The address as it is printed in tables and lists. */
        String of(String address) {
            String ip = ip(address);
            String name = resolver == null ? null : resolver.apply(unbracket(ip));
            String host = name == null || name.equals(unbracket(ip)) ? ip : name;
            return ports ? host + address.substring(ip.length()) : host;
        }

        /** gossipinfo's {@code /ip} (Java's InetAddress form: {@code name/ip} once resolved). */
        String slashed(String address) {
            String ip = ip(address);
            String name = resolver == null ? "" : resolver.apply(unbracket(ip));
            return (name.equals(unbracket(ip)) ? "" : name) + "/" + (ports ? address : ip);
        }

        /** The name of an IP, or the IP itself when it has none (nodetool -r). */
        static String reverseLookup(String ip) {
            try {
                return java.net.InetAddress.getByName(ip).getCanonicalHostName();
            } catch (java.io.IOException | SecurityException e) {
                return ip;
            }
        }

        private static UnaryOperator<String> memo(UnaryOperator<String> f) {
            Map<String, String> seen = new HashMap<>();
            return ip -> seen.computeIfAbsent(ip, f);
        }

        private static String ip(String address) {
            int colon = address.lastIndexOf(':');
            return colon < 0 || address.indexOf(':') != colon && !address.startsWith("[") ? address
                    : address.substring(0, colon);
        }

        private static String unbracket(String ip) {
            return ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        }

        String list(List<String> addresses) {
            return addresses.stream().map(this::of).collect(Collectors.joining(", ", "[", "]"));
        }
    }

    static void status(ClusterView v, PrintWriter out, Names names) {
        Map<String, List<ClusterView.Endpoint>> dcs = new TreeMap<>();
        for (ClusterView.Endpoint e : v.endpoints()) {
            if (e.ringMember()) {
                dcs.computeIfAbsent(e.dc() == null ? "?" : e.dc(), k -> new ArrayList<>()).add(e);
            }
        }
        List<List<String[]>> tables = new ArrayList<>();
        int[] widths = new int[7];
        for (List<ClusterView.Endpoint> eps : dcs.values()) {
            eps.sort(Comparator.comparing(ClusterView.Endpoint::address));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"--", "Address", "Load", "Tokens", "Owns", "Host ID", "Rack"});
            for (ClusterView.Endpoint e : eps) {
                rows.add(new String[] {e.status() + e.state(), names.of(e.address()), load(e.load()), String.valueOf(e.tokens()),
                    e.owns() == null ? "?" : percent(e.owns()), e.hostId() == null ? "" : e.hostId(),
                    e.rack() == null ? "?" : e.rack()});
            }
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    widths[i] = Math.max(widths[i], r[i].length());
                }
            }
            tables.add(rows);
        }
        int t = 0;
        for (String dc : dcs.keySet()) {
            if (t > 0) {
                out.println();
            }
            String header = "Datacenter: " + dc;
            out.println(header);
            out.println("=".repeat(header.length()));
            out.println("Status=Up/Down");
            out.println("|/ State=Normal/Leaving/Joining/Moving");
            for (String[] r : tables.get(t)) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(String.format("%-" + widths[i] + "s", r[i]));
                    if (i < r.length - 1) {
                        line.append("  ");
                    }
                }
                out.println(line);
            }
            t++;
        }
        out.println();
        warnings(v, out);
    }

    static void gossipInfo(ClusterView v, PrintWriter out, Names names) {
        for (ClusterView.Endpoint e : v.endpoints()) {
            out.println(names.slashed(e.address()));
            out.println("  generation:" + e.generation());
            out.println("  heartbeat:" + e.heartbeat());
            for (ClusterView.StateLine s : e.states()) {
                out.println("  " + s.name() + ":" + s.version() + ":" + s.value());
            }
            out.println(e.tokensVersion() >= 0 ? "  TOKENS:" + e.tokensVersion() + ":<hidden>" : "  TOKENS: not present");
        }
        out.println();
        warnings(v, out);
    }

    static void describeCluster(ClusterView v, PrintWriter out, Names names) {
        out.println("Cluster Information:");
        out.println("\tName: " + v.clusterName());
        out.println("\tSnitch: " + v.snitch());
        out.println("\tDynamicEndPointSnitch: disabled");
        out.println("\tPartitioner: " + v.partitioner());
        out.println("\tSchema versions:");
        v.schemaVersions().forEach((schema, hosts) -> out.printf("\t\t%s: %s%n%n", schema, names.list(hosts)));
        out.println("Stats for all nodes:");
        out.println("\tLive: " + v.live().size());
        out.println("\tJoining: " + count(v, "J"));
        out.println("\tMoving: " + count(v, "M"));
        out.println("\tLeaving: " + count(v, "L"));
        out.println("\tUnreachable: " + v.unreachable().size());
        out.println("\nData Centers: ");
        Map<String, int[]> dcs = new TreeMap<>();
        for (ClusterView.Endpoint e : v.endpoints()) {
            if (e.ringMember()) {
                int[] c = dcs.computeIfAbsent(e.dc() == null ? "?" : e.dc(), k -> new int[2]);
                c[0]++;
                if (v.unreachable().contains(e.address())) {
                    c[1]++;
                }
            }
        }
        dcs.forEach((dc, c) -> out.println("\t" + dc + " #Nodes: " + c[0] + " #Down: " + c[1]));
        out.println("\nDatabase versions:");
        v.releaseVersions().forEach((rv, hosts) -> out.printf("\t%s: %s%n%n", rv, names.list(hosts)));
        out.println("Keyspaces:");
        warnings(v, out);
    }

    private static long count(ClusterView v, String state) {
        return v.endpoints().stream().filter(e -> e.ringMember() && e.state().equals(state)).count();
    }

    private static void warnings(ClusterView v, PrintWriter out) {
        if (!v.mode().equals("NORMAL")) {
            out.println("Note: this node is " + v.mode() + (v.progress().isEmpty() ? "" : " (" + v.progress() + ")"));
        }
        for (String w : v.warnings()) {
            out.println("WARNING: " + w);
        }
    }

    /** Cassandra FileUtils.stringifyFileSize: binary units, at most two decimals. */
    static String load(String value) {
        if (value == null) {
            return "?";
        }
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return "?";
        }
        DecimalFormat df = new DecimalFormat("#.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        String[] units = {" bytes", " KiB", " MiB", " GiB", " TiB"};
        int u = 0;
        while (u < units.length - 1 && d >= KIB) {
            d /= KIB;
            u++;
        }
        return df.format(d) + units[u];
    }

    static String percent(double fraction) {
        return new DecimalFormat("##0.0%", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(fraction);
    }
}
