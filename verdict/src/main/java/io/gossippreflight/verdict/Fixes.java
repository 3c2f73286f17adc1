package io.gossippreflight.verdict;

/**
 * Builds remedies as commands ready to paste. When the interface or gateway is unknown (a
 * capture does not say), the command asks the kernel for it with {@code ip route get}.
 */
public final class Fixes {
    private Fixes() {
    }

    /** IPv4 MSS for an MTU (20-byte IP + 20-byte TCP header); IPv6 uses 40 + 20. */
    public static int mssFor(int mtu, int ipVersion) {
        return mtu - (ipVersion == 6 ? 60 : 40);
    }

    private static String ip(int ipVersion) {
        return ipVersion == 6 ? "ip -6" : "ip";
    }

    /** Lowers the MTU of the interface the sender uses towards {@code peer}. */
    public static Fix interfaceMtu(String sender, String peer, String iface, int mtu, int ipVersion) {
        String dev = iface != null ? iface
                : "\"$(" + ip(ipVersion) + " -o route get " + peer + " | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p')\"";
        return new Fix(Fix.Kind.INTERFACE_MTU, sender, "ip link set dev " + dev + " mtu " + mtu,
                "simplest; every destination on that interface then uses " + mtu + "-byte packets");
    }

    /** Pins the MTU of the route to {@code peer} only; TCP then also advertises the smaller MSS. */
    public static Fix routeMtuLock(String sender, String peer, String prefix, String gateway, String iface, int mtu,
            int ipVersion) {
        String dst = prefix != null ? prefix : peer + (ipVersion == 6 ? "/128" : "/32");
        String via;
        if (gateway != null || iface != null) {
            via = (gateway != null ? "via " + gateway + " " : "") + (iface != null ? "dev " + iface + " " : "");
        } else {
            via = "$(" + ip(ipVersion) + " -o route get " + peer + " | grep -o 'via [^ ]*\\|dev [^ ]*' | tr '\\n' ' ')";
        }
        return new Fix(Fix.Kind.ROUTE_MTU_LOCK, sender,
                ip(ipVersion) + " route replace " + dst + " " + via + "mtu lock " + mtu,
                "only traffic to " + peer + " changes; connections to it also advertise MSS " + mssFor(mtu, ipVersion)
                        + ", so the return direction shrinks too");
    }

    /** Clamps the TCP MSS of connections forwarded by a gateway (nftables). */
    public static Fix mssClamp(String gateway, int mtu, int ipVersion) {
        int mss = mssFor(mtu, ipVersion);
        String family = ipVersion == 6 ? "ip6" : "ip";
        String cmd = "nft add table inet gossip_mss && "
                + "nft add chain inet gossip_mss forward '{ type filter hook forward priority mangle; }' && "
                + "nft add rule inet gossip_mss forward meta nfproto " + (ipVersion == 6 ? "ipv6" : "ipv4")
                + " tcp flags syn tcp option maxseg size gt " + mss + " tcp option maxseg size set " + mss;
        return new Fix(Fix.Kind.MSS_CLAMP, gateway, cmd,
                "fixes TCP for every host behind the gateway (" + family + " MSS " + mss + "); does not help non-TCP traffic");
    }

    /** Lets the sender's TCP find the MTU itself after it sees a black hole. */
    public static Fix tcpMtuProbing(String sender) {
        return new Fix(Fix.Kind.TCP_MTU_PROBING, sender, "sysctl -w net.ipv4.tcp_mtu_probing=1",
                "a safety net, not a cure: TCP recovers only after retransmission timeouts (seconds per stalled message)");
    }

    /** Lets ICMP frag-needed / Packet Too Big reach the sender again (the root cause of a black hole). */
    public static Fix allowIcmp(String gateway, int ipVersion) {
        String what = ipVersion == 6 ? "icmpv6 type packet-too-big" : "icmp type destination-unreachable icmp code frag-needed";
        return new Fix(Fix.Kind.ALLOW_ICMP, gateway,
                "nft -a list ruleset | grep -n -i -E 'icmp|reject|drop'   # then accept: " + what,
                "the root cause: PMTUD works again once the router's ICMP reaches the sender");
    }

    /** The probe command that measures an exact MTU in both directions. */
    public static Fix measure(String from, String target, int port) {
        String t = target.indexOf(':') >= 0 ? "[" + target + "]" : target;
        return new Fix(Fix.Kind.MEASURE, from, "preflight probe check " + t + ":" + port,
                "measures the exact MTU of both directions with real gossip messages (DF set)");
    }
}
