package io.gossippreflight.probe.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.message.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeMessagesTest {
    private static final String CLUSTER = "Test Cluster";
    private static final String PARTITIONER = "org.apache.cassandra.dht.Murmur3Partitioner";

    @ParameterizedTest
    @ValueSource(ints = {1, 80, 300, 1_000, 1_400, 9_000, 65_000, 140_000})
    void synIsTheSmallestOfAtLeastTheAskedSize(int bytes) {
        for (MessagingVersion v : new MessagingVersion[] {MessagingVersion.V12, MessagingVersion.V13}) {
            GossipDigestSyn syn = ProbeMessages.synOfSize(CLUSTER, PARTITIONER, bytes, 7, v);
            int size = Message.gossip(7, 0, syn).serializedSize(v);
            assertTrue(size >= bytes, size + " < " + bytes);
            if (!syn.digests().isEmpty()) {
                GossipDigestSyn smaller = new GossipDigestSyn(CLUSTER, PARTITIONER,
                        syn.digests().subList(0, syn.digests().size() - 1));
                assertTrue(Message.gossip(7, 0, smaller).serializedSize(v) < bytes, "not the smallest");
            }
            syn.digests().forEach(d -> assertTrue(DocumentationAddresses.isDocumentation(d.endpoint())));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 60})
    void emptySynWhenTheHeaderAloneIsEnough(int bytes) {
        int empty = ProbeMessages.messageSize(new GossipDigestSyn(CLUSTER, PARTITIONER, java.util.List.of()), 1,
                MessagingVersion.V12);
        assertTrue(bytes <= empty, "test premise: " + bytes + " <= " + empty);
        assertEquals(0, ProbeMessages.synOfSize(CLUSTER, PARTITIONER, bytes, 1, MessagingVersion.V12).digests().size());
        assertEquals(1, ProbeMessages.synOfSize(CLUSTER, PARTITIONER, empty + 1, 1, MessagingVersion.V12).digests().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 9_000, 70_000})
    void ack2OfSizeCarriesOnlyDocumentationEndpoints(int bytes) {
        io.gossippreflight.wire.gossip.GossipDigestAck2 a = ProbeMessages.ack2OfSize(bytes, 3, MessagingVersion.V12);
        int size = Message.gossip(3, 0, a).serializedSize(MessagingVersion.V12);
        assertTrue(size >= bytes, size + " < " + bytes);
        assertTrue(size < bytes + 1_000, "overshoot by less than one state: " + size);
        a.states().forEach(s -> assertTrue(DocumentationAddresses.isDocumentation(s.endpoint()), s.endpoint().toString()));
    }

    @org.junit.jupiter.api.Test
    void synsOfEveryExactSizeFromTheSmallestUp() {
        for (MessagingVersion v : new MessagingVersion[] {MessagingVersion.V12, MessagingVersion.V13}) {
            int smallest = ProbeMessages.messageSize(new GossipDigestSyn(CLUSTER, PARTITIONER, java.util.List.of()), 5, v);
            assertEquals(null, ProbeMessages.synMessageOfExactSize(CLUSTER, PARTITIONER, smallest - 1, 5, 0, v));
            assertEquals(smallest, ProbeMessages.synMessageOfExactSize(CLUSTER, PARTITIONER, smallest, 5, 0, v)
                    .serializedSize(v));
            // one byte more needs a parameter of one byte, and none is that small
            assertEquals(null, ProbeMessages.synMessageOfExactSize(CLUSTER, PARTITIONER, smallest + 1, 5, 0, v));
            for (int bytes = smallest + 2; bytes <= 9_000; bytes += bytes < 400 ? 1 : 7) {
                Message m = ProbeMessages.synMessageOfExactSize(CLUSTER, PARTITIONER, bytes, 5, 0, v);
                assertEquals(bytes, m.serializedSize(v), "size " + bytes);
                GossipDigestSyn syn = (GossipDigestSyn) m.payload();
                syn.digests().forEach(d -> assertTrue(DocumentationAddresses.isDocumentation(d.endpoint())));
                m.params().forEach(p -> assertEquals(io.gossippreflight.wire.message.Padding.PARAM_TYPE, p.type()));
            }
        }
    }

    /**
     * Over LZ4 the ladder's SYN must have the size asked, to the byte, at every rung (the largest
     * ones are large messages, whose header must fit their first frame), name only documentation
     * endpoints, and travel almost raw: LZ4 frames of it are within a few per cent of its size.
     */
    @ParameterizedTest
    @ValueSource(ints = {300, 1_400, 16_384, 65_000, 140_000, 300_000})
    void incompressibleSynHasTheExactSizeAndBarelyShrinks(int bytes) {
        for (MessagingVersion v : new MessagingVersion[] {MessagingVersion.V12, MessagingVersion.V13}) {
            Message m = ProbeMessages.incompressibleSyn(CLUSTER, PARTITIONER, bytes, 9, 0, v);
            assertEquals(bytes, m.serializedSize(v));
            ((GossipDigestSyn) m.payload()).digests().forEach(d -> assertTrue(
                    DocumentationAddresses.isDocumentation(d.endpoint())));
            m.params().forEach(p -> assertEquals(io.gossippreflight.wire.message.Padding.PARAM_TYPE, p.type()));
            java.util.List<io.netty.buffer.ByteBuf> frames = new io.gossippreflight.wire.frame.MessageFramer(
                    io.gossippreflight.wire.frame.FrameFormat.of(io.gossippreflight.wire.handshake.Framing.LZ4), v,
                    io.netty.buffer.UnpooledByteBufAllocator.DEFAULT).frame(java.util.List.of(m));
            long wire = 0;
            for (io.netty.buffer.ByteBuf f : frames) {
                wire += f.readableBytes();
                f.release();
            }
            assertTrue(wire >= bytes * 0.9, bytes + " bytes became " + wire + " in LZ4 frames");
        }
    }
}
