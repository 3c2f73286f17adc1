package io.gossippreflight.wire.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.Message;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our initiators against our acceptors over a real loopback TCP connection (NIO, and epoll where
 * the native transport loads): pre-4.0 to a 3.x and to a 4.0/4.1 acceptor, 4.0+ to a 4.0/4.1
 * acceptor, and 4.0+ to a 3.x acceptor followed by the pre-4.0 retry Cassandra 4.x makes.
 * Real time, so every wait is bounded.
 */
class HandshakeLoopbackTest {
    static final long WAIT_S = 30;
    static final Duration HANDSHAKE = Duration.ofSeconds(20);
    static final InetAddressAndPort ME = InetAddressAndPort.parse("198.18.3.3", 7000);
    static final MessagingVersion V10 = MessagingVersion.V10;
    static final MessagingVersion V11 = MessagingVersion.V11;
    static final MessagingVersion V12 = MessagingVersion.V12;

    enum Transport {
        NIO, EPOLL;

        EventLoopGroup group() {
            return this == NIO ? new NioEventLoopGroup(1) : new EpollEventLoopGroup(1);
        }

        Class<? extends Channel> client() {
            return this == NIO ? NioSocketChannel.class : EpollSocketChannel.class;
        }

        Class<? extends ServerChannel> server() {
            return this == NIO ? NioServerSocketChannel.class : EpollServerSocketChannel.class;
        }
    }

    static Stream<Arguments> transports() {
        return Stream.of(Transport.values()).map(Arguments::of);
    }

    static Stream<Arguments> legacyCases() {
        List<Arguments> out = new ArrayList<>();
        for (Transport t : Transport.values()) {
            for (MessagingVersion max : new MessagingVersion[] {V11, V12}) {
                for (boolean compressed : new boolean[] {false, true}) {
                    out.add(Arguments.of(t, max, compressed));
                }
            }
        }
        return out.stream();
    }

    /** Completes on the handshake, collects what is read, fails on the first error. */
    static final class Collector extends ChannelInboundHandlerAdapter {
        final CompletableFuture<HandshakeCompleted> done = new CompletableFuture<>();
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        volatile Channel channel;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof HandshakeCompleted hc) {
                done.complete(hc);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received.add(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
            received.add(cause);
        }

        List<Object> take(int n) throws InterruptedException {
            List<Object> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (got.size() < n) {
                Object o = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (o == null) {
                    throw new AssertionError("received " + got.size() + " of " + n + " within " + WAIT_S + " s");
                }
                got.add(o);
            }
            return got;
        }
    }

    /** One server, one event loop, closed afterwards. */
    static final class Loopback implements AutoCloseable {
        final Transport transport;
        final EventLoopGroup group;
        final Channel server;
        final BlockingQueue<Collector> accepted = new LinkedBlockingQueue<>();

        Loopback(Transport transport, Supplier<ChannelHandler> acceptor) throws InterruptedException {
            if (transport == Transport.EPOLL) {
                Assumptions.assumeTrue(Epoll.isAvailable(), "epoll native transport not available here");
            }
            this.transport = transport;
            this.group = transport.group();
            this.server = new ServerBootstrap().group(group).channel(transport.server())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            Collector c = new Collector();
                            accepted.add(c);
                            ch.pipeline().addLast("handshake", acceptor.get());
                            ch.pipeline().addLast("collector", c);
                        }
                    }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        }

        /** Connects with {@code initiator}; returns the client channel's collector and the server side's. */
        Collector[] connect(ChannelHandler initiator) throws Exception {
            Collector c = new Collector();
            new Bootstrap().group(group).channel(transport.client()).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast("handshake", initiator);
                    ch.pipeline().addLast("collector", c);
                }
            }).connect(server.localAddress()).sync();
            Collector s = accepted.poll(WAIT_S, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("no inbound connection within " + WAIT_S + " s");
            }
            return new Collector[] {c, s};
        }

        @Override
        public void close() {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    static HandshakeAcceptor acceptor(MessagingVersion max) {
        return new HandshakeAcceptor(V10, max, DecoderLimits.DEFAULT, null, HANDSHAKE);
    }

    /** Writes half the messages flushed one by one, the rest together, and waits for every write. */
    static void send(Channel ch, List<?> messages) throws Exception {
        List<io.netty.channel.ChannelFuture> writes = new ArrayList<>();
        int half = messages.size() / 2;
        for (int i = 0; i < messages.size(); i++) {
            writes.add(i < half ? ch.writeAndFlush(messages.get(i)) : ch.write(messages.get(i)));
        }
        ch.flush();
        for (io.netty.channel.ChannelFuture f : writes) {
            assertTrue(f.await(WAIT_S, TimeUnit.SECONDS), "write done in time");
            if (!f.isSuccess()) {
                throw new AssertionError("write failed", f.cause());
            }
        }
    }

    @ParameterizedTest(name = "{0}: pre-4.0 initiator to acceptor ..{1}, compressed={2}")
    @MethodSource("legacyCases")
    void pre40InitiatorToAcceptor(Transport t, MessagingVersion max, boolean compressed) throws Exception {
        try (Loopback lb = new Loopback(t, () -> acceptor(max))) {
            Collector[] cs = lb.connect(new LegacyHandshakeInitiator(V11, compressed, ME, HANDSHAKE));
            HandshakeCompleted client = cs[0].done.get(WAIT_S, TimeUnit.SECONDS);
            HandshakeCompleted server = cs[1].done.get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(client, server);
            assertEquals(V11, server.version());
            assertEquals(max.id(), server.accept().maxVersion());
            List<LegacyMessage> ms = LegacyFixtures.messages(V11, ME, 6, 256, 3);
            Channel ch = channelOf(cs[0]);
            send(ch, ms);
            assertEquals(ms, cs[1].take(ms.size()));
            ch.close().sync();
        }
    }

    @ParameterizedTest(name = "{0}: 4.0+ initiator to acceptor 10..12")
    @MethodSource("transports")
    void modernInitiatorToAFourOneAcceptor(Transport t) throws Exception {
        try (Loopback lb = new Loopback(t, () -> acceptor(V12))) {
            Initiate init = Initiate.modern(V12, MessagingVersion.V13, ConnectionType.URGENT_MESSAGES, Framing.CRC, ME);
            Collector[] cs = lb.connect(new HandshakeInitiator(init, DecoderLimits.DEFAULT, null, HANDSHAKE));
            assertEquals(V12, cs[0].done.get(WAIT_S, TimeUnit.SECONDS).version());
            assertEquals(V12, cs[1].done.get(WAIT_S, TimeUnit.SECONDS).version());
            List<Message> ms = new ArrayList<>(NettyCodecTest.smallMessages());
            ms.add(NettyCodecTest.largeMessage(40, 256));
            Channel ch = channelOf(cs[0]);
            send(ch, ms);
            assertEquals(ms, cs[1].take(ms.size()));
            ch.close().sync();
        }
    }

    @ParameterizedTest(name = "{0}: 4.0+ initiator to a 3.x acceptor, then the pre-4.0 retry")
    @MethodSource("transports")
    void modernInitiatorRetriesAThreeXAcceptor(Transport t) throws Exception {
        try (Loopback lb = new Loopback(t, () -> acceptor(V11))) {
            Initiate init = Initiate.modern(V12, V12, ConnectionType.SMALL_MESSAGES, Framing.LZ4, ME);
            Collector[] first = lb.connect(new HandshakeInitiator(init, DecoderLimits.DEFAULT, null, HANDSHAKE));
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> first[0].done.get(WAIT_S, TimeUnit.SECONDS));
            HandshakeVersionException v = assertInstanceOf(HandshakeVersionException.class, e.getCause());
            assertEquals(11, v.peerVersion());

            Collector[] retry = lb.connect(new LegacyHandshakeInitiator(MessagingVersion.of(v.peerVersion()), true, ME, HANDSHAKE));
            assertEquals(retry[0].done.get(WAIT_S, TimeUnit.SECONDS), retry[1].done.get(WAIT_S, TimeUnit.SECONDS));
            List<LegacyMessage> ms = LegacyFixtures.messages(V11, ME, 3, 16, 2);
            Channel ch = channelOf(retry[0]);
            send(ch, ms);
            assertEquals(ms, retry[1].take(ms.size()));
            ch.close().sync();
        }
    }

    private static Channel channelOf(Collector c) {
        return c.channel;
    }
}
