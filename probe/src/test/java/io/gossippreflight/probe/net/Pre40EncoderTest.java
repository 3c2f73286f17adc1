package io.gossippreflight.probe.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Pre40Messages;
import io.gossippreflight.wire.netty.LegacyMessageDecoder;
import io.gossippreflight.wire.netty.LegacyMessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the check counts for a message on a pre-4.0 connection is what the pipeline writes: the
 * ladder's rungs and the bisection's segments keep the sizes the probe chose, for IPv4 and IPv6
 * senders; and the port it names comes back out at the other end.
 */
class Pre40EncoderTest {
    @ParameterizedTest
    @ValueSource(strings = {"198.18.2.2", "2001:db8:2::2"})
    void theBytesWrittenAreTheBytesCounted(String sender) {
        InetAddressAndPort from = InetAddressAndPort.parse(sender, 41_234);
        WireCost cost = WireCost.pre40(Pre40Encoder.extraFor(from));
        for (int size : new int[] {200, 1_000, 1_355, 9_000, 140_000}) {
            Message m = ProbeMessages.synMessageOfExactSize("Test Cluster", "org.apache.cassandra.dht.Murmur3Partitioner",
                    size, 77, 1_234, MessagingVersion.V11);
            assertEquals(size, m.serializedSize(MessagingVersion.V11));
            EmbeddedChannel out = new EmbeddedChannel(new LegacyMessageEncoder(MessagingVersion.V11), new Pre40Encoder(from));
            out.writeOutbound(m);
            ByteBuf bytes = out.readOutbound();
            assertEquals(cost.wireBytes(size), bytes.readableBytes(), "a " + size + "-byte SYN from " + sender);
            assertEquals(size, cost.messageBytesFor(bytes.readableBytes()));
            EmbeddedChannel in = new EmbeddedChannel(new LegacyMessageDecoder(MessagingVersion.V11));
            in.writeInbound(bytes);
            Message back = Pre40Messages.toModern((LegacyMessage) in.readInbound());
            assertEquals(41_234, Pre40Encoder.replyPort(back));
            // 3.x addresses carry no port: the documentation endpoints come back at the default port
            GossipDigestSyn sent = (GossipDigestSyn) m.payload();
            GossipDigestSyn got = (GossipDigestSyn) back.payload();
            assertEquals(sent.digests().size(), got.digests().size());
            assertEquals(sent.digests().get(0).endpoint().address(), got.digests().get(0).endpoint().address());
            assertEquals(size, back.serializedSize(MessagingVersion.V11) - Pre40Messages.paramSize(
                    Pre40Encoder.REPLY_PORT_PARAM, 4));
        }
    }

    /**
     * On a compressed 3.x connection the bytes the pipeline writes (LZ4 blocks, one flush per
     * message) are the bytes counted: exactly for any message, and for the ladder's incompressible
     * SYNs (stored raw) as message + 21 bytes a block, which the bisection inverts within one block.
     */
    @ParameterizedTest
    @ValueSource(strings = {"198.18.2.2", "2001:db8:2::2"})
    void theCompressedBytesWrittenAreTheBytesCounted(String sender) {
        InetAddressAndPort from = InetAddressAndPort.parse(sender, 41_234);
        WireCost cost = WireCost.pre40(Pre40Encoder.extraFor(from), true, 0, from);
        for (int size : new int[] {200, 1_355, 9_000, 16_000, 40_000, 140_000}) {
            Message raw = ProbeMessages.incompressibleSyn("Test Cluster", "org.apache.cassandra.dht.Murmur3Partitioner",
                    size, 77, 1_234, MessagingVersion.V11);
            Message digests = ProbeMessages.synMessageOfExactSize("Test Cluster",
                    "org.apache.cassandra.dht.Murmur3Partitioner", size, 78, 1_234, MessagingVersion.V11);
            for (Message m : java.util.Arrays.asList(raw, digests)) {
                if (m == null) {
                    continue; // below the smallest incompressible SYN
                }
                EmbeddedChannel out = new EmbeddedChannel(new io.gossippreflight.wire.netty.Lz4BlockEncoder(),
                        new LegacyMessageEncoder(MessagingVersion.V11), new Pre40Encoder(from));
                out.writeAndFlush(m);
                int written = 0;
                for (Object o; (o = out.readOutbound()) != null; ) {
                    written += ((ByteBuf) o).readableBytes();
                    ((ByteBuf) o).release();
                }
                assertEquals(cost.wireBytes(m, MessagingVersion.V11), written, "a " + size + "-byte SYN from " + sender);
                if (m == raw && size >= 1_000 && size < 16_000) {
                    // its random bytes are kept as they are; its header (addresses, names) may shrink by a byte
                    // or two, which the exact count above follows: the bisection lands within that of its aim
                    long aimed = cost.wireBytes(size);
                    org.junit.jupiter.api.Assertions.assertTrue(written <= aimed && written >= aimed - 4,
                            written + " bytes for a " + size + "-byte SYN aimed at " + aimed);
                    assertEquals(size, cost.messageBytesFor(aimed));
                }
            }
        }
        // a digest SYN shrinks: what LZ4 makes of it is counted, not its size
        Message big = ProbeMessages.synMessageOfExactSize("Test Cluster", "org.apache.cassandra.dht.Murmur3Partitioner",
                140_000, 79, 1_234, MessagingVersion.V11);
        org.junit.jupiter.api.Assertions.assertTrue(cost.wireBytes(big, MessagingVersion.V11) < cost.wireBytes(140_000));
        assertEquals(-1, cost.messageBytesFor(20_000), "more than one 16 KiB block");
    }
}
