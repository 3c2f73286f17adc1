package io.gossippreflight.wire.synthetic;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.gossip.Token;
import io.gossippreflight.wire.gossip.Tokens;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A made-up cluster state of N endpoints with T Murmur3 tokens each, with the states a Cassandra
 * 5.0.9 node publishes (the observed set: STATUS, LOAD, SCHEMA, DC, RACK, RELEASE_VERSION,
 * RPC_ADDRESS, NET_VERSION, HOST_ID, TOKENS, RPC_READY, NATIVE_ADDRESS_AND_PORT, STATUS_WITH_PORT,
 * SSTABLE_VERSIONS) so that messages built from it have realistic sizes; with the 3.x table the
 * 4.0-only states are left out. Deterministic per seed.
 */
public final class SyntheticCluster {
    private final String clusterName;
    private final String partitioner;
    private final List<AddressedState> states;

    private SyntheticCluster(String clusterName, String partitioner, List<AddressedState> states) {
        this.clusterName = clusterName;
        this.partitioner = partitioner;
        this.states = List.copyOf(states);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String clusterName() {
        return clusterName;
    }

    public String partitioner() {
        return partitioner;
    }

    /** Every endpoint with its state, in address order. */
    public List<AddressedState> states() {
        return states;
    }

    public List<InetAddressAndPort> endpoints() {
        return states.stream().map(AddressedState::endpoint).toList();
    }

    /** One digest per endpoint, advertising its generation and highest version. */
    public List<GossipDigest> digests() {
        return states.stream()
                .map(s -> new GossipDigest(s.endpoint(), s.state().heartBeat().generation(), s.state().maxVersion()))
                .toList();
    }

    /** A steady-state SYN listing every endpoint. */
    public GossipDigestSyn syn() {
        return new GossipDigestSyn(clusterName, partitioner, digests());
    }

    /** The shadow-round SYN a joining node sends: no digests. */
    public GossipDigestSyn shadowSyn() {
        return new GossipDigestSyn(clusterName, partitioner, List.of());
    }

    /** What a seed answers to a shadow SYN: no digests and its whole endpoint-state map. */
    public GossipDigestAck shadowAck() {
        return new GossipDigestAck(List.of(), states);
    }

    /** An ACK2 carrying every state. */
    public GossipDigestAck2 ack2() {
        return new GossipDigestAck2(states);
    }

    public static final class Builder {
        private int endpoints = 3;
        private int tokens = 16;
        private long seed = 1;
        private String clusterName = "Test Cluster";
        private String partitioner = "org.apache.cassandra.dht.Murmur3Partitioner";
        private String datacenter = "datacenter1";
        private String rack = "rack1";
        private String releaseVersion = "5.0.9";
        private MessagingVersion netVersion = MessagingVersion.V12;
        private ApplicationStateTable table = ApplicationStateTable.CASSANDRA_5_0;
        private InetAddressAndPort first = InetAddressAndPort.parse("198.18.1.2", 7000);
        private int generation = 1_700_000_000;
        private int nativePort = 9042;

        public Builder endpoints(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("endpoints must be >= 1, got " + n);
            }
            this.endpoints = n;
            return this;
        }

        public Builder tokensPerEndpoint(int t) {
            if (t < 1) {
                throw new IllegalArgumentException("tokens must be >= 1, got " + t);
            }
            this.tokens = t;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder clusterName(String name) {
            this.clusterName = Objects.requireNonNull(name);
            return this;
        }

        public Builder partitioner(String p) {
            this.partitioner = Objects.requireNonNull(p);
            return this;
        }

        public Builder datacenter(String dc) {
            this.datacenter = Objects.requireNonNull(dc);
            return this;
        }

        public Builder rack(String r) {
            this.rack = Objects.requireNonNull(r);
            return this;
        }

        public Builder releaseVersion(String v) {
            this.releaseVersion = Objects.requireNonNull(v);
            return this;
        }

        public Builder netVersion(MessagingVersion v) {
            this.netVersion = Objects.requireNonNull(v);
            return this;
        }

        public Builder table(ApplicationStateTable t) {
            this.table = Objects.requireNonNull(t);
            return this;
        }

        /** Address of the first endpoint; the others follow numerically (IPv4 or IPv6). */
        public Builder firstAddress(InetAddressAndPort a) {
            this.first = Objects.requireNonNull(a);
            return this;
        }

        public Builder generation(int g) {
            this.generation = g;
            return this;
        }

        public SyntheticCluster build() {
            SplittableRandom rnd = new SplittableRandom(seed);
            UUID schema = uuid(rnd);
            List<AddressedState> out = new ArrayList<>(endpoints);
            BigInteger next = new BigInteger(1, first.addressBytes());
            for (int i = 0; i < endpoints; i++) {
                next = skipNonHosts(next);
                InetAddressAndPort ep = InetAddressAndPort.of(toBytes(next, first.addressBytes().length), first.port());
                next = next.add(BigInteger.ONE);
                out.add(new AddressedState(ep, endpointState(ep, i, schema, rnd)));
            }
            return new SyntheticCluster(clusterName, partitioner, out);
        }

        private EndpointState endpointState(InetAddressAndPort ep, int index, UUID schema, SplittableRandom rnd) {
            List<Token> ts = new ArrayList<>(tokens);
            for (int k = 0; k < tokens; k++) {
                ts.add(Token.murmur3(rnd.nextLong()));
            }
            String host = ep.address().getHostAddress();
            String hostAndNativePort = (ep.isIpv6() ? "[" + host + "]" : host) + ":" + nativePort;
            String normal = "NORMAL," + ts.get(0);
            // Cassandra hands out state versions from one per-node counter, heartbeat included
            int v = 1 + rnd.nextInt(3);
            EndpointState.Builder b = EndpointState.builder(table);
            b.put(ApplicationState.RELEASE_VERSION, releaseVersion, v++);
            b.put(ApplicationState.NET_VERSION, Integer.toString(netVersion.id()), v++);
            b.put(ApplicationState.HOST_ID, uuid(rnd).toString(), v++);
            b.put(ApplicationState.RPC_ADDRESS, host, v++);
            if (table.ordinal(ApplicationState.NATIVE_ADDRESS_AND_PORT) >= 0) { // 4.0+ only
                b.put(ApplicationState.NATIVE_ADDRESS_AND_PORT, hostAndNativePort, v++);
            }
            b.put(ApplicationState.DC, datacenter, v++);
            b.put(ApplicationState.RACK, rack, v++);
            b.put(ApplicationState.SSTABLE_VERSIONS, "big-nb", v++);
            b.put(ApplicationState.SCHEMA, schema.toString(), v++);
            b.put(ApplicationState.TOKENS, Tokens.toValue(ts), v++);
            if (table.ordinal(ApplicationState.STATUS_WITH_PORT) >= 0) { // 4.0+ only
                b.put(ApplicationState.STATUS_WITH_PORT, normal, v++);
            }
            b.put(ApplicationState.STATUS, normal, v++);
            b.put(ApplicationState.RPC_READY, "true", v++);
            b.put(ApplicationState.LOAD, Double.toString(50_000 + rnd.nextInt(500_000)), v + rnd.nextInt(50));
            int heartbeat = v + 50 + rnd.nextInt(2000);
            b.heartBeat(generation + index, heartbeat);
            return b.build();
        }

        /** For IPv4, steps over host numbers ending in .0 or .255 so every address looks like a host. */
        private BigInteger skipNonHosts(BigInteger candidate) {
            if (first.isIpv6()) {
                return candidate;
            }
            while ((candidate.intValue() & 0xFF) == 0 || (candidate.intValue() & 0xFF) == 255) {
                candidate = candidate.add(BigInteger.ONE);
            }
            return candidate;
        }

        private static byte[] toBytes(BigInteger v, int len) {
            byte[] raw = v.toByteArray();
            byte[] out = new byte[len];
            int copy = Math.min(len, raw.length);
            System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
            return out;
        }

        private static UUID uuid(SplittableRandom rnd) {
            long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
            long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(msb, lsb);
        }
    }
}
