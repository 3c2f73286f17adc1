package io.gossippreflight.probe.lab;

import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.probe.udp.UdpResponder;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Lab helper: a UDP probe responder inside a namespace. Args: ADDRESS PORT. Runs until killed or stdin closes. */
public final class UdpResponderMain {
    private UdpResponderMain() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup group = ProbeNetty.eventLoops(1, "udp-responder");
        UdpResponder r = UdpResponder.bind(group, new InetSocketAddress(InetAddress.getByName(args[0]),
                Integer.parseInt(args[1])), a -> true);
        System.out.println("listening " + r.localAddress());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes our stdin or kills us
        }
        r.close();
        group.shutdownGracefully();
    }
}
