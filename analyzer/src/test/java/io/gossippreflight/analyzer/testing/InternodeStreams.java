package io.gossippreflight.analyzer.testing;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.frame.MessageFramer;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Initiator-side internode byte streams built with the wire module's encoders, for analyzer tests. */
public final class InternodeStreams {
    public static final InetAddressAndPort FROM = InetAddressAndPort.parse("198.18.1.2", 7000);

    private InternodeStreams() {
    }

    /** The handshake a 4.0+ initiator opens a messaging connection with. */
    public static byte[] initiate(Framing framing) {
        ByteBuf hs = Unpooled.buffer();
        Initiate.modern(MessagingVersion.V12, MessagingVersion.V12, ConnectionType.URGENT_MESSAGES, framing, FROM)
                .encode(hs);
        byte[] b = ByteBufUtil.getBytes(hs);
        hs.release();
        return b;
    }

    /** Initiate, then the messages framed together. */
    public static byte[] stream(Framing framing, List<Message> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(initiate(framing));
        out.writeBytes(frames(framing, messages));
        return out.toByteArray();
    }

    /** The messages framed together (as many frames as they need), without a handshake. */
    public static byte[] frames(Framing framing, List<Message> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageFramer framer = new MessageFramer(FrameFormat.of(framing), MessagingVersion.V12,
                UnpooledByteBufAllocator.DEFAULT);
        for (ByteBuf f : framer.frame(messages)) {
            out.writeBytes(ByteBufUtil.getBytes(f));
            f.release();
        }
        return out.toByteArray();
    }

    /** A SYN with {@code digests} digests. */
    public static Message syn(long id, int digests) {
        List<GossipDigest> d = new java.util.ArrayList<>();
        for (int i = 0; i < digests; i++) {
            d.add(new GossipDigest(InetAddressAndPort.parse("198.18.9." + (i % 250 + 1), 7000), 1_700_000_000 + i, 42));
        }
        return Message.gossip(id, 1_763_000_000_000L, new GossipDigestSyn("Test Cluster",
                "org.apache.cassandra.dht.Murmur3Partitioner", d));
    }

    /** Index of the first occurrence of {@code what} in {@code in}, or -1. */
    public static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
