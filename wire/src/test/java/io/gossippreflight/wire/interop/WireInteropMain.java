package io.gossippreflight.wire.interop;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import io.gossippreflight.wire.netty.HandshakeAcceptor;
import io.gossippreflight.wire.netty.HandshakeCompleted;
import io.gossippreflight.wire.netty.HandshakeInitiator;
import io.gossippreflight.wire.netty.MessageBatch;
import io.gossippreflight.wire.synthetic.SizedMessages;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside a lab namespace next to a real Cassandra seed (started by
 * {@link WireCassandraInteropTest}): listens on {@code me}:7000 with {@link HandshakeAcceptor},
 * opens URGENT and LARGE connections to the seed with {@link HandshakeInitiator}, sends a
 * shadow SYN and an ECHO_REQ batched in one frame and a 200,000-byte SYN over
 * non-self-contained frames on each, then waits (bounded) for the answers the seed sends back
 * over its own connections. Prints "RESULT key=value" lines; exits 0 when every answer came.
 */
public final class WireInteropMain {
    private WireInteropMain() {
    }

    public static void main(String[] args) throws Exception {
        String seed = args[0];
        InetAddressAndPort me = InetAddressAndPort.parse(args[1], 7000);
        String cluster = args[2];
        String partitioner = "org.apache.cassandra.dht.Murmur3Partitioner";
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        CountDownLatch answers = new CountDownLatch(6); // per connection: ACK, ECHO_RSP, large ACK
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try {
            new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HandshakeAcceptor(MessagingVersion.V12, MessagingVersion.V12,
                                    DecoderLimits.DEFAULT, null), new Inbound(counts, answers, seed));
                        }
                    }).bind(args[1], 7000).sync();
            for (ConnectionType type : List.of(ConnectionType.URGENT_MESSAGES, ConnectionType.LARGE_MESSAGES)) {
                CompletableFuture<Void> ready = new CompletableFuture<>();
                Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class).localAddress(args[1], 0)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel c) {
                                c.pipeline().addLast(new HandshakeInitiator(Initiate.modern(MessagingVersion.V12,
                                        MessagingVersion.V12, type, Framing.CRC, me)), new ChannelInboundHandlerAdapter() {
                                            @Override
                                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                                if (evt instanceof HandshakeCompleted) {
                                                    ready.complete(null);
                                                }
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                System.out.println("RESULT error=" + type + ": " + cause);
                                                ready.completeExceptionally(cause);
                                            }
                                        });
                            }
                        }).connect(new InetSocketAddress(seed, 7000)).sync().channel();
                ready.get(10, TimeUnit.SECONDS);
                System.out.println("RESULT handshake=" + type);
                long now = System.currentTimeMillis();
                int base = type == ConnectionType.URGENT_MESSAGES ? 1 : 11;
                Message syn = Message.gossip(base, now, new GossipDigestSyn(cluster, partitioner, List.of()));
                Message echo = new Message(base + 1, (int) now, 10_000, Verb.ECHO_REQ.id(), 1, List.of(), NoPayload.INSTANCE);
                Message big = SizedMessages.syn(cluster, partitioner, base + 2, now, 200_000, MessagingVersion.V12);
                ch.writeAndFlush(new MessageBatch(List.of(syn, echo))).sync();
                ch.writeAndFlush(big).sync();
            }
            boolean all = answers.await(30, TimeUnit.SECONDS);
            counts.forEach((k, v) -> System.out.println("RESULT " + k + "=" + v));
            System.out.println("RESULT complete=" + all);
            System.exit(all ? 0 : 1);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Counts what the seed sends back on its own connections to us. */
    private static final class Inbound extends ChannelInboundHandlerAdapter {
        private final Map<String, Integer> counts;
        private final CountDownLatch answers;
        private final String seed;

        Inbound(Map<String, Integer> counts, CountDownLatch answers, String seed) {
            this.counts = counts;
            this.answers = answers;
            this.seed = seed;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof HandshakeCompleted h) {
                counts.merge("inbound_" + h.initiate().type(), 1, Integer::sum);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Message m = (Message) msg;
            String key = m.verbName();
            if (m.payload() instanceof GossipDigestAck a) {
                if (a.digests().size() >= 13_000) {
                    key = "large_ack_requesting_" + a.digests().size();
                } else {
                    boolean seedState = a.states().stream().map(AddressedState::endpoint).anyMatch(e -> e.equals(InetAddressAndPort.parse(seed, 7000)))
                            && a.states().get(0).state().get(ApplicationState.TOKENS) != null;
                    key = "shadow_ack_with_seed_state_" + seedState;
                }
            }
            counts.merge(key, 1, Integer::sum);
            if (!key.equals("GOSSIP_DIGEST_SYN")) {
                answers.countDown();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            System.out.println("RESULT error=inbound: " + cause);
            ctx.close();
        }
    }
}
