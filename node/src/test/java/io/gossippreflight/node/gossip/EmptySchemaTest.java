package io.gossippreflight.node.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.log.MemoryLog;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.sim.SimCluster;
import io.gossippreflight.time.SimScheduler;
import io.gossippreflight.time.SimulatedTime;
import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.RawPayload;
import io.gossippreflight.wire.message.Verb;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Our node holds no schema and says so as Cassandra would: the empty-schema version in gossip,
 * an empty mutation list for a schema pull, that version for a schema version request.
 */
class EmptySchemaTest {
    static final InetAddressAndPort A = InetAddressAndPort.parse("198.18.1.1", 7000);
    static final InetAddressAndPort C = InetAddressAndPort.parse("198.18.1.3", 7000);
    static final int GEN = 1_700_000_000;

    final SimulatedTime time = new SimulatedTime(GEN * 1000L);
    final SimScheduler loop = time.newScheduler("a");
    final RecordingTransport net = new RecordingTransport(A);
    final Gossiper g = new Gossiper(GossipConfig.builder().clusterName("c").build(), A, List.of(A), loop, net, new Random(1),
            new MemoryLog(NodeLog.Level.DEBUG));

    /** What a Cassandra node decodes: our message serialized at version 12 and read back. */
    private static Message overTheWire(Message m) {
        ByteBuf buf = Unpooled.buffer();
        MessageSerializer.serialize(m, buf, MessagingVersion.V12);
        return MessageSerializer.deserialize(WireInput.of(buf, DecoderLimits.DEFAULT, ApplicationStateTable.CASSANDRA_5_0),
                MessagingVersion.V12);
    }

    @Test
    void versionIsCassandrasVersionOfAnEmptySchema() throws Exception {
        // name-based UUID of the MD5 of no bytes, as Cassandra computes the digest of no schema rows
        byte[] md5OfNothing = MessageDigest.getInstance("MD5").digest(new byte[0]);
        assertEquals(UUID.nameUUIDFromBytes(md5OfNothing), EmptySchema.VERSION);
    }

    @Test
    void schemaPullIsAnsweredWithNoMutationsUnderTheRequestsIdAndExpiry() {
        g.start(GEN, Map.of());
        g.receive(C, new Message(9001, 5, 10_000, Verb.SCHEMA_PULL_REQ, NoPayload.INSTANCE));
        RecordingTransport.Sent rsp = net.last(Verb.SCHEMA_PULL_RSP);
        assertEquals(C, rsp.to());
        assertEquals(9001, rsp.message().id());
        assertEquals(10_000, rsp.message().expiresInMillis());
        Message decoded = overTheWire(rsp.message());
        assertEquals(Verb.SCHEMA_PULL_RSP, decoded.verb());
        assertArrayEquals(new byte[] {0, 0, 0, 0}, ((RawPayload) decoded.payload()).bytes(), "mutation count 0");
    }

    @Test
    void schemaVersionRequestIsAnsweredWithTheEmptyVersion() {
        g.start(GEN, Map.of());
        g.receive(C, new Message(31, 5, 10_000, Verb.SCHEMA_VERSION_REQ, NoPayload.INSTANCE));
        Message decoded = overTheWire(net.last(Verb.SCHEMA_VERSION_RSP).message());
        assertEquals(31, decoded.id());
        ByteBuffer b = ByteBuffer.wrap(((RawPayload) decoded.payload()).bytes());
        assertEquals(16, b.remaining());
        assertEquals(EmptySchema.VERSION, new UUID(b.getLong(), b.getLong()));
    }

    @Test
    void aStoppedNodeAnswersNeither() {
        g.start(GEN, Map.of());
        g.stop();
        g.receive(C, new Message(1, 5, 10_000, Verb.SCHEMA_PULL_REQ, NoPayload.INSTANCE));
        g.receive(C, new Message(2, 5, 10_000, Verb.SCHEMA_VERSION_REQ, NoPayload.INSTANCE));
        assertTrue(net.of(Verb.SCHEMA_PULL_RSP).isEmpty());
        assertTrue(net.of(Verb.SCHEMA_VERSION_RSP).isEmpty());
    }

    @Test
    void everyNodeAdvertisesTheEmptyVersionAndPeersSeeIt() {
        SimCluster c = new SimCluster(7, GossipConfig.builder().clusterName("c").ringDelay(Duration.ofSeconds(2)).build());
        c.addHosts(3, 1);
        c.startAll(Duration.ofMillis(10));
        c.until(c::converged, Duration.ofMinutes(2));
        for (SimCluster.Host o : c.hosts()) {
            for (SimCluster.Host s : c.hosts()) {
                assertEquals(EmptySchema.VERSION.toString(), c.view(o, s).value(ApplicationState.SCHEMA),
                        o.address() + "'s view of " + s.address());
            }
        }
    }
}
