package io.gossippreflight.probe.lab;

import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.probe.udp.UdpProber;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Lab helper: runs the UDP probe from inside a namespace and prints one line per probe,
 * "DIRECTION SIZE OUTCOME". Args: TARGET PORT OUTBOUND_MTU INBOUND_MTU.
 */
public final class UdpProberMain {
    private UdpProberMain() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup group = ProbeNetty.eventLoops(1, "udp-prober");
        long start = System.nanoTime();
        try (UdpProber p = UdpProber.open(group, new InetSocketAddress(InetAddress.getByName(args[0]),
                Integer.parseInt(args[1])), null)) {
            UdpProber.Result r = p.run(Integer.parseInt(args[2]), Integer.parseInt(args[3]), 32, ProbeTimeouts.DEFAULT)
                    .get(60, TimeUnit.SECONDS);
            System.out.println("answered " + r.answered() + " rtt " + r.rttMicros() + " responderMtu " + r.responderMtu()
                    + " ms " + (System.nanoTime() - start) / 1_000_000);
            for (ProbeRecord rec : r.outbound()) {
                System.out.println(rec.direction() + " " + rec.ipSize() + " " + rec.outcome());
            }
            for (ProbeRecord rec : r.inbound()) {
                System.out.println(rec.direction() + " " + rec.ipSize() + " " + rec.outcome());
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
