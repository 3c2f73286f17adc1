package io.gossippreflight.probe.classify;

import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.Fixes;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.probe.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixes for a probe verdict, for the host that sends what does not cross: the route to the
 * peer with a locked MTU (narrowest), the interface MTU (simplest), an MSS clamp on the
 * receiving host (no change on the sender needed), TCP's own black-hole recovery (slow).
 */
public final class ProbeFixes {
    private ProbeFixes() {
    }

    public static List<Fix> of(PathStatus status, Integer mtu, Direction d, PathContext ctx) {
        List<Fix> out = new ArrayList<>();
        String sender = ctx.sender(d);
        String receiver = ctx.receiver(d);
        boolean local = d == Direction.OUTBOUND;
        if (status == PathStatus.BLACK_HOLE && mtu != null) {
            out.add(Fixes.routeMtuLock(sender, receiver, null, local ? ctx.localGateway() : null,
                    local ? ctx.localInterface() : null, mtu, ctx.ipVersion()));
            out.add(Fixes.interfaceMtu(sender, receiver, local ? ctx.localInterface() : ctx.targetInterface(), mtu,
                    ctx.ipVersion()));
            out.add(receiverClamp(receiver, sender, mtu, ctx));
            out.add(Fixes.tcpMtuProbing(sender));
        } else if (status == PathStatus.PMTUD_WORKS && mtu != null) {
            Fix lock = Fixes.routeMtuLock(sender, receiver, null, local ? ctx.localGateway() : null,
                    local ? ctx.localInterface() : null, mtu, ctx.ipVersion());
            out.add(new Fix(lock.kind(), lock.where(), lock.command(),
                    "optional: keeps working if ICMP \"too big\" is ever filtered; " + lock.why()));
        }
        return out;
    }

    /**
     * An MSS clamp on the receiving host: its SYN and SYN-ACK towards the sender advertise an MSS
     * that fits, so the sender's segments fit too ({@code --tcp-flags SYN,RST SYN} matches both).
     */
    static Fix receiverClamp(String receiver, String sender, int mtu, PathContext ctx) {
        int mss = Fixes.mssFor(mtu, ctx.ipVersion());
        return new Fix(Fix.Kind.MSS_CLAMP, receiver, (ctx.ipv6() ? "ip6tables" : "iptables")
                + " -t mangle -A OUTPUT -p tcp -d " + sender + " --tcp-flags SYN,RST SYN -j TCPMSS --set-mss " + mss,
                "on the receiving host instead: it advertises MSS " + mss + " to " + sender
                        + ", whose segments then fit; nothing changes on the sender");
    }
}
