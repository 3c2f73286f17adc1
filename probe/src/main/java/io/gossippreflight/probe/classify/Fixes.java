package io.gossippreflight.probe.classify;

import io.gossippreflight.probe.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands that fix a finding, for the host that sends the messages that do not cross: the
 * route to the peer with a locked MTU (narrowest), the interface MTU (simplest), an MSS clamp
 * on the receiving side (no change on the sender), and TCP's own black-hole recovery (slow).
 */
public final class Fixes {
    private Fixes() {
    }

    public static List<Fix> forFinding(DirectionFinding f, PathContext ctx) {
        List<Fix> out = new ArrayList<>();
        if (f.status() == DirectionStatus.BLACK_HOLE) {
            int mtu = f.mtu().isPresent() ? f.mtu().getAsInt() : f.largestCrossed().orElse(ctx.overhead().minimumMtu());
            blackHole(f.direction(), mtu, ctx, out);
        } else if (f.status() == DirectionStatus.ICMP_LIMIT && f.mtu().isPresent()) {
            // Works now; locking the MTU removes the dependence on ICMP reaching the sender.
            String sender = sender(f.direction(), ctx);
            out.add(new Fix(sender, routeLock(f.direction(), f.mtu().getAsInt(), ctx),
                    "optional: keep working if ICMP \"too big\" is ever filtered"));
        }
        return out;
    }

    private static void blackHole(Direction d, int mtu, PathContext ctx, List<Fix> out) {
        String sender = sender(d, ctx);
        String receiver = d == Direction.OUTBOUND ? ctx.targetAddress() : ctx.localAddress();
        String peer = d == Direction.OUTBOUND ? ctx.targetAddress() : ctx.localAddress();
        out.add(new Fix(sender, routeLock(d, mtu, ctx), "route to " + peer + " only: segments of at most " + mtu + " bytes"));
        String iface = d == Direction.OUTBOUND ? orPlaceholder(ctx.localInterface())
                : orPlaceholder(ctx.targetInterface());
        out.add(new Fix(sender, "ip link set dev " + iface + " mtu " + mtu, "whole interface at the tunnel's MTU"));
        int mss = ctx.overhead().mssForIpSize(mtu);
        String ipt = ctx.ipv6() ? "ip6tables" : "iptables";
        out.add(new Fix(receiver, ipt + " -t mangle -A OUTPUT -p tcp -d " + sender(d, ctx)
                + " --tcp-flags SYN,RST SYN -j TCPMSS --set-mss " + mss,
                "or, on the receiving side: advertise MSS " + mss + " so the sender's segments fit"));
        // the ipv4 sysctl governs TCP over IPv6 as well
        out.add(new Fix(sender, "sysctl -w net.ipv4.tcp_mtu_probing=1", "last resort: TCP finds the limit itself after retransmission timeouts (slow)"));
    }

    private static String sender(Direction d, PathContext ctx) {
        return d == Direction.OUTBOUND ? ctx.localAddress() : ctx.targetAddress();
    }

    private static String routeLock(Direction d, int mtu, PathContext ctx) {
        String peer = d == Direction.OUTBOUND ? ctx.targetAddress() : ctx.localAddress();
        String prefix = peer + (ctx.ipv6() ? "/128" : "/32");
        StringBuilder cmd = new StringBuilder(ctx.ipv6() ? "ip -6 route replace " : "ip route replace ").append(prefix);
        if (d == Direction.OUTBOUND) {
            if (ctx.localGateway() != null) {
                cmd.append(" via ").append(ctx.localGateway());
            }
            if (ctx.localInterface() != null) {
                cmd.append(" dev ").append(ctx.localInterface());
            }
        } else {
            // The target's next hop is not known from here: take it from its own route lookup.
            cmd.append(" $(ip").append(ctx.ipv6() ? " -6" : "").append(" route get ").append(peer)
                    .append(" | grep -o 'via [^ ]*\\|dev [^ ]*' | tr '\\n' ' ')");
        }
        return cmd.append(" mtu lock ").append(mtu).toString();
    }

    private static String orPlaceholder(String iface) {
        return iface == null ? "<interface>" : iface;
    }
}
