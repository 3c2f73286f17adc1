package io.gossippreflight.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gossippreflight.config.InternodeCompression;
import io.gossippreflight.config.InternodePolicy;
import io.gossippreflight.config.ServerEncryption;
import io.gossippreflight.config.StorageCompatibilityMode;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.net.InMemoryNetwork;
import io.gossippreflight.node.net.Security;
import io.gossippreflight.node.net.Transport;
import io.gossippreflight.node.store.MemoryPersistence;
import io.gossippreflight.time.SimScheduler;
import io.gossippreflight.time.SimulatedTime;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.message.Message;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The placement the transport sees when it opens its first connection to a peer (the moment
 * framing and TLS are fixed for that connection), on the in-memory network and a fake clock.
 */
class PeerPlacementsTest {
    private static final GossipConfig CONFIG = GossipConfig.builder().clusterName("dcs").ringDelay(Duration.ofSeconds(10)).build();
    private static final InetAddressAndPort SEED = InetAddressAndPort.of(new byte[] {10, 0, 0, 1}, 7000);
    private static final InetAddressAndPort SECOND = InetAddressAndPort.of(new byte[] {10, 0, 0, 2}, 7000);
    private static final InetAddressAndPort OURS = InetAddressAndPort.of(new byte[] {10, 0, 0, 3}, 7000);

    private final SimulatedTime time = new SimulatedTime(1_700_000_000_000L);
    private final InMemoryNetwork network = new InMemoryNetwork(15).delay(Duration.ofMillis(1), Duration.ofMillis(5));

    /** Starts a node in {@code dc}; {@code firstSends} (when given) gets, per peer, the placement known at the first send to it. */
    private GossipNode start(InetAddressAndPort address, String dc, Map<InetAddressAndPort, Security.Placement> firstSends) {
        SimScheduler loop = time.newScheduler(address.toString());
        Transport net = network.attach(address, loop);
        AtomicReference<Function<InetAddressAndPort, Security.Placement>> placements = new AtomicReference<>();
        Transport t = firstSends == null ? net : new Transport() {
            @Override
            public InetAddressAndPort localAddress() {
                return net.localAddress();
            }

            @Override
            public void start(Receiver receiver) {
                net.start(receiver);
            }

            @Override
            public void send(InetAddressAndPort to, Message message) {
                // NettyTransport's Outbound fixes framing and TLS from the placement when it connects: on the first send
                firstSends.computeIfAbsent(to, placements.get());
                net.send(to, message);
            }

            @Override
            public void close() {
                net.close();
            }
        };
        NodeSettings s = new NodeSettings(address, List.of(SEED), 4, dc, "rack1", NodeSettings.DEFAULT_RELEASE_VERSION, 9042,
                CONFIG, 12);
        GossipNode node = new GossipNode(s, loop, t, new Random(address.hashCode()), NodeLog.NONE, new MemoryPersistence());
        placements.set(PeerPlacements.of(node));
        t.start((from, m) -> node.gossiper().receive(from, m));
        node.start();
        return node;
    }

    private static boolean sees(GossipNode node, InetAddressAndPort... peers) {
        return node.gossiper().endpoints().live().containsAll(List.of(peers));
    }

    @Test
    void aPeersDatacenterLearntFromGossipIsKnownBeforeTheFirstConnectionToIt() {
        GossipNode seed = start(SEED, "dc2", null);
        GossipNode second = start(SECOND, "dc1", null);
        time.advanceUntil(() -> sees(seed, SECOND) && sees(second, SEED), Duration.ofMinutes(1), Duration.ofMillis(100));

        Map<InetAddressAndPort, Security.Placement> firstSends = new LinkedHashMap<>();
        GossipNode ours = start(OURS, "dc1", firstSends);
        time.advanceUntil(() -> sees(ours, SEED, SECOND), Duration.ofMinutes(1), Duration.ofMillis(100));

        // the seed is asked first (shadow round) with nothing known: another datacenter, as Cassandra's UNKNOWN_DC
        assertNull(firstSends.get(SEED).dc());
        // the dc1 node is learnt from the seed's gossip with its DC, and only then sent to (its ECHO)
        assertEquals(new Security.Placement("dc1", "rack1"), firstSends.get(SECOND));

        InternodePolicy dcCompression = new InternodePolicy(InternodeCompression.DC, ServerEncryption.NONE, "dc1", "rack1",
                StorageCompatibilityMode.CASSANDRA_4);
        assertEquals(Framing.LZ4, dcCompression.framing(firstSends.get(SEED).dc()), "toward the other datacenter");
        assertEquals(Framing.CRC, dcCompression.framing(firstSends.get(SECOND).dc()), "not within our own datacenter");
    }
}
