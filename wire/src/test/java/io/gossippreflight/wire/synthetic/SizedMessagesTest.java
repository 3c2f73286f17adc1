package io.gossippreflight.wire.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.frame.FramingPolicy;
import io.gossippreflight.wire.frame.MessageFramer;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializerTest;
import io.gossippreflight.wire.message.MessageSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizedMessagesTest {
    static final String CLUSTER = "cl-lab";
    static final String PARTITIONER = "org.apache.cassandra.dht.Murmur3Partitioner";

    @Test
    void synOfEveryRequestedSize() {
        MessagingVersion v = MessagingVersion.V12;
        int min = SizedMessages.minimumSynSize(CLUSTER, PARTITIONER, 7, 1000, v);
        assertEquals(69, min, "the 69-byte shadow SYN Cassandra 5.0.9 sends in the captures");
        assertThrows(IllegalArgumentException.class, () -> SizedMessages.syn(CLUSTER, PARTITIONER, 7, 1000, min + 1, v));
        for (int size : new int[] {min, min + 2, min + 3, min + 16, min + 17, 127 + 60, 1500, 9001, 16_384, 65_515, 65_516,
            131_071, 200_000, 500_000}) {
            Message m = SizedMessages.syn(CLUSTER, PARTITIONER, 7, 1000, size, v);
            assertEquals(size, m.serializedSize(v), "size " + size);
            Message back = MessageSerializerTest.decode(MessageSerializerTest.encode(m, v), v, MessageSerializer.PayloadMode.STRICT);
            GossipDigestSyn syn = (GossipDigestSyn) back.payload();
            assertEquals(CLUSTER, syn.clusterName());
            if (size > 1000) {
                assertTrue(syn.digests().size() > 0);
            }
            if (FramingPolicy.CASSANDRA.isLarge(size)) {
                List<ByteBuf> frames = new MessageFramer(CrcFrameFormat.INSTANCE, v, UnpooledByteBufAllocator.DEFAULT).frameLarge(m);
                int wire = frames.stream().mapToInt(ByteBuf::readableBytes).sum();
                frames.forEach(ByteBuf::release);
                assertEquals(MessageFramer.wireSize(size, CrcFrameFormat.INSTANCE), wire);
            }
        }
    }
}
