package io.gossippreflight.probe.lab;

import io.gossippreflight.probe.responder.Responder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.wire.MessagingVersion;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Lab helper: the responder inside a namespace. Args: ADDRESS PORT [ENDPOINTS TOKENS [CLUSTER]].
 * Prints "listening ..." when ready, then its log; runs until killed or stdin closes.
 */
public final class ResponderMain {
    private ResponderMain() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup group = ProbeNetty.eventLoops(2, "responder");
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int t = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        String cluster = args.length > 4 ? args[4] : ResponderConfig.DEFAULT_CLUSTER;
        ResponderConfig c = new ResponderConfig(new InetSocketAddress(InetAddress.getByName(args[0]),
                Integer.parseInt(args[1])), cluster, ResponderConfig.DEFAULT_PARTITIONER, n, t, true, MessagingVersion.V12,
                MessagingVersion.V12);
        Responder r = Responder.start(group, c, line -> {
            System.out.println(line);
            System.out.flush();
        });
        System.out.println("listening " + r.address());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes stdin or stops us
        }
        r.close();
        group.shutdownGracefully();
    }
}
