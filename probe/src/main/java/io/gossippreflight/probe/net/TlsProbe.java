package io.gossippreflight.probe.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Asks whether a port speaks TLS (Cassandra's server_encryption_options): sends a ClientHello and
 * looks at the first byte of the answer — 0x16, a TLS handshake record, means yes. No
 * certificate is checked or trusted: nothing is sent after the hello.
 */
public final class TlsProbe {
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private TlsProbe() {
    }

    public static CompletableFuture<Boolean> speaksTls(EventLoopGroup group, InetSocketAddress target, Duration timeout) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        SslContext ctx;
        try {
            ctx = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            result.complete(false);
            return result;
        }
        Bootstrap b = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext c, Object msg) {
                                if (msg instanceof ByteBuf buf && buf.isReadable()) {
                                    result.complete(buf.getUnsignedByte(buf.readerIndex()) == TLS_HANDSHAKE_RECORD);
                                }
                                ReferenceCountUtil.release(msg);
                                c.close();
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext c) {
                                result.complete(false);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
                                c.close();
                            }
                        });
                        // the handler above sees the raw bytes: the SSL handler only writes the hello
                        ch.pipeline().addLast(ctx.newHandler(ch.alloc(), target.getHostString(), target.getPort()));
                    }
                });
        b.connect(target).addListener(f -> {
            if (!f.isSuccess()) {
                result.complete(false);
            } else {
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                ch.eventLoop().schedule(() -> {
                    result.complete(false);
                    ch.close();
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
        return result;
    }
}
