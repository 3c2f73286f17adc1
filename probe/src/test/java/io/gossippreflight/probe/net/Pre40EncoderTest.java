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
}
