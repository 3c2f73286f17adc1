package io.gossippreflight.probe.net.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.function.Supplier;

/**
 * First handler of an accepted connection on a port that takes plain connections: reads the first
 * 5 bytes and either steps aside (a plain Initiate) or, for a TLS record, puts TLS in its place
 * (optional mode: plain and TLS on one port, as Cassandra 4.0+ InboundConnectionInitiator's
 * OptionalSslHandler) or closes the connection (a port without TLS, as its RejectSslHandler).
 */
public final class TlsDetector extends ByteToMessageDecoder {
    /** A TLS record header: what SslHandler.isEncrypted needs to decide. */
    private static final int HEADER = 5;
    private final Supplier<SslHandler> tls;
    private final String name;

    /**
     * @param tls  makes the TLS handler for this connection; null: TLS is refused here
     * @param name the name the TLS handler takes in the pipeline
     */
    public TlsDetector(Supplier<SslHandler> tls, String name) {
        this.tls = tls;
        this.name = name;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in)) {
            if (tls == null) {
                in.skipBytes(in.readableBytes());
                ctx.close();
                ctx.fireExceptionCaught(new javax.net.ssl.SSLException("a TLS ClientHello on a port without internode "
                        + "encryption (server_encryption_options); closed"));
                return;
            }
            ctx.pipeline().replace(this, name, tls.get());
        } else {
            ctx.pipeline().remove(this);
        }
    }
}
