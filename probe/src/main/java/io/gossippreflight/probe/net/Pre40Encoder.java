package io.gossippreflight.probe.net;

import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Param;
import io.gossippreflight.wire.message.Pre40Messages;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The check's 4.0+ messages on a pre-4.0 connection: each as a 4.0 node writes it to a 3.x peer,
 * from our advertised address, with one parameter more, the port we listen on
 * ({@link #REPLY_PORT_PARAM}). A 3.x address has no port, so a 3.x node answers at its own
 * storage port and ignores the parameter; our responder answers at the port it names, so one
 * check can listen on as many ports as it needs.
 */
public final class Pre40Encoder extends MessageToMessageEncoder<Message> {
    /** A parameter type no Cassandra release defines: the sender's listening port, a 4-byte int. */
    public static final int REPLY_PORT_PARAM = 126;

    private final InetAddressAndPort from;

    public Pre40Encoder(InetAddressAndPort from) {
        super(Message.class);
        this.from = from;
    }

    /** The address (and listening port) our messages carry. */
    public InetAddressAndPort from() {
        return from;
    }

    /** Bytes each message takes beyond its size counted at 10/11 (IPv4 sender, no reply port). */
    public int extra() {
        return extraFor(from);
    }

    public static int extraFor(InetAddressAndPort from) {
        return (from.address() instanceof Inet6Address ? Pre40Messages.IPV6_EXTRA : 0)
                + Pre40Messages.paramSize(REPLY_PORT_PARAM, 4);
    }

    /** The reply port a message names, or -1. */
    public static int replyPort(Message m) {
        for (Param p : m.params()) {
            if (p.type() == REPLY_PORT_PARAM && p.length() == 4) {
                int port = ByteBuffer.wrap(p.value()).getInt();
                return port > 0 && port <= 65_535 ? port : -1;
            }
        }
        return -1;
    }

    /** {@code m} with the reply-port parameter naming {@code from}'s port, as it travels. */
    public static Message withReplyPort(Message m, InetAddressAndPort from) {
        List<Param> params = new ArrayList<>(m.params());
        params.add(new Param(REPLY_PORT_PARAM, ByteBuffer.allocate(4).putInt(from.port()).array()));
        return new Message(m.id(), m.createdAtMillis(), m.expiresInMillis(), m.verbId(), m.flags(), params, m.payload());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message m, List<Object> out) {
        out.add(Pre40Messages.toLegacy(withReplyPort(m, from), from));
    }
}
