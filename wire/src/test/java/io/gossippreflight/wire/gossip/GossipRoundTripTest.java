package io.gossippreflight.wire.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.RoundTrip;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GossipRoundTripTest {
    static final InetAddressAndPort V4 = InetAddressAndPort.parse("198.18.1.2", 7000);
    static final InetAddressAndPort V6 = InetAddressAndPort.parse("2001:db8::7", 7001);
    static final InetAddressAndPort MAPPED = InetAddressAndPort.of(HexFormat.of().parseHex("00000000000000000000ffffc6120102"), 7000);

    static InetAddressAndPort forVersion(InetAddressAndPort a, MessagingVersion v) {
        return v.isModern() ? a : a.withPort(InetAddressAndPort.DEFAULT_PORT);
    }

    static EndpointState state(MessagingVersion v) {
        return EndpointState.builder(ApplicationStateTable.defaultFor(v))
                .heartBeat(1_763_000_000, 42)
                .put(ApplicationState.STATUS, "NORMAL,-3074457345618258603", 7)
                .put(ApplicationState.HOST_ID, "6c962310-e5eb-11f1-add4-391ca20d3274", 3)
                .put(ApplicationState.TOKENS, Tokens.toValue(List.of(Token.murmur3(-1), Token.murmur3(0), Token.murmur3(Long.MAX_VALUE))), 5)
                .put(ApplicationState.DC, "d\u00e9c\u0000", 2)
                .build();
    }

    @ParameterizedTest
    @EnumSource(MessagingVersion.class)
    void addressesPerVersion(MessagingVersion v) {
        for (InetAddressAndPort a : List.of(V4, V6, MAPPED)) {
            InetAddressAndPort expected = forVersion(a, v);
            InetAddressAndPort back = RoundTrip.check(InetAddressAndPort.SERIALIZER, expected, v);
            assertEquals(a.isIpv6() ? 16 : 4, back.addressBytes().length);
            int expectedSize = 1 + (a.isIpv6() ? 16 : 4) + (v.isModern() ? 2 : 0);
            assertEquals(expectedSize, RoundTrip.encode(InetAddressAndPort.SERIALIZER, a, v).length);
        }
    }

    @Test
    void addressBytesMatchRealCassandra() {
        // from the 5.0.9 Initiate in two-node-join: 06 c6120202 1b58 = 198.18.2.2:7000
        assertArrayEquals(HexFormat.of().parseHex("06c61202021b58"),
                RoundTrip.encode(InetAddressAndPort.SERIALIZER, InetAddressAndPort.parse("198.18.2.2", 7000), MessagingVersion.V12));
        assertArrayEquals(HexFormat.of().parseHex("04c6120202"),
                RoundTrip.encode(InetAddressAndPort.SERIALIZER, InetAddressAndPort.parse("198.18.2.2", 7000), MessagingVersion.V11));
    }

    @Test
    void addressSizeMustMatchVersion() {
        byte[] pre40 = HexFormat.of().parseHex("04c6120202");
        assertThrows(WireFormatException.class, () -> RoundTrip.decode(InetAddressAndPort.SERIALIZER, pre40, MessagingVersion.V12));
        byte[] post40 = HexFormat.of().parseHex("06c61202021b58");
        assertThrows(WireFormatException.class, () -> RoundTrip.decode(InetAddressAndPort.SERIALIZER, post40, MessagingVersion.V11));
    }

    @ParameterizedTest
    @EnumSource(MessagingVersion.class)
    void everyGossipTypeRoundTrips(MessagingVersion v) {
        RoundTrip.check(VersionedValue.SERIALIZER, new VersionedValue("caf\u00e9\u0000", 9), v);
        RoundTrip.check(HeartBeatState.SERIALIZER, new HeartBeatState(-5, Integer.MAX_VALUE), v);
        EndpointState st = state(v);
        RoundTrip.check(EndpointState.SERIALIZER, st, v);
        GossipDigest d4 = new GossipDigest(forVersion(V4, v), 1_763_000_000, 99);
        GossipDigest d6 = new GossipDigest(forVersion(V6, v), 1_763_000_001, 100);
        RoundTrip.check(GossipDigest.SERIALIZER, d4, v);
        RoundTrip.check(GossipDigest.SERIALIZER, d6, v);
        RoundTrip.check(GossipDigestSyn.SERIALIZER, new GossipDigestSyn("Test Cluster",
                "org.apache.cassandra.dht.Murmur3Partitioner", List.of(d4, d6)), v);
        RoundTrip.check(GossipDigestSyn.SERIALIZER, new GossipDigestSyn("c", "p", List.of()), v);
        List<AddressedState> states = List.of(new AddressedState(forVersion(V4, v), st), new AddressedState(forVersion(V6, v), st));
        RoundTrip.check(GossipDigestAck.SERIALIZER, new GossipDigestAck(List.of(d6), states), v);
        RoundTrip.check(GossipDigestAck.SERIALIZER, new GossipDigestAck(List.of(), List.of()), v);
        RoundTrip.check(GossipDigestAck2.SERIALIZER, new GossipDigestAck2(states), v);
        GossipShutdown sd = GossipShutdown.carriesState(v) ? new GossipShutdown(st) : GossipShutdown.EMPTY;
        RoundTrip.check(GossipShutdown.SERIALIZER, sd, v);
    }

    @Test
    void shutdownCarriesStateOnlyFrom13() {
        assertEquals(0, RoundTrip.encode(GossipShutdown.SERIALIZER, GossipShutdown.EMPTY, MessagingVersion.V12).length);
        EndpointState st = state(MessagingVersion.V13);
        assertEquals(st.serializedSize(MessagingVersion.V13),
                RoundTrip.encode(GossipShutdown.SERIALIZER, new GossipShutdown(st), MessagingVersion.V13).length);
        assertThrows(IllegalArgumentException.class,
                () -> GossipShutdown.SERIALIZER.serializedSize(GossipShutdown.EMPTY, MessagingVersion.V13));
    }

    @Test
    void unknownOrdinalsSurviveAndNamesFollowTheTable() {
        EndpointState st = new EndpointState(new HeartBeatState(1, 2),
                List.of(new EndpointState.Entry(20, new VersionedValue("x", 1)), new EndpointState.Entry(77, new VersionedValue("y", 2))),
                ApplicationStateTable.CASSANDRA_5_0);
        EndpointState back = RoundTrip.check(EndpointState.SERIALIZER, st, MessagingVersion.V12);
        assertEquals("x", back.get(ApplicationState.INDEX_STATUS).value());
        assertEquals(1, back.states().size());
        EndpointState as41 = new EndpointState(back.heartBeat(), back.entries(), ApplicationStateTable.CASSANDRA_4_1);
        assertEquals("x", as41.get(ApplicationState.X1).value());
        assertNull(as41.get(ApplicationState.INDEX_STATUS));
    }

    @Test
    void ordinalTablesFollowEachRelease() {
        assertEquals(17, ApplicationStateTable.CASSANDRA_5_0.ordinal(ApplicationState.STATUS_WITH_PORT));
        assertEquals(17, ApplicationStateTable.CASSANDRA_4_0.ordinal(ApplicationState.STATUS_WITH_PORT));
        assertEquals(-1, ApplicationStateTable.CASSANDRA_3.ordinal(ApplicationState.STATUS_WITH_PORT));
        assertEquals(ApplicationState.X3, ApplicationStateTable.CASSANDRA_3.state(17));
        assertEquals(18, ApplicationStateTable.CASSANDRA_3.ordinal(ApplicationState.SSTABLE_VERSIONS));
        assertEquals(18, ApplicationStateTable.CASSANDRA_5_0.ordinal(ApplicationState.SSTABLE_VERSIONS));
        assertEquals(19, ApplicationStateTable.CASSANDRA_4_0.ordinal(ApplicationState.X1));
        assertEquals(19, ApplicationStateTable.CASSANDRA_4_1.ordinal(ApplicationState.DISK_USAGE));
        assertEquals(20, ApplicationStateTable.CASSANDRA_4_1.ordinal(ApplicationState.X1));
        assertEquals(20, ApplicationStateTable.CASSANDRA_5_0.ordinal(ApplicationState.INDEX_STATUS));
        assertEquals(21, ApplicationStateTable.CASSANDRA_5_0.ordinal(ApplicationState.X1));
        assertEquals(30, ApplicationStateTable.CASSANDRA_5_0.ordinal(ApplicationState.X10));
        assertEquals(-1, ApplicationStateTable.CASSANDRA_3.ordinal(ApplicationState.X4));
        assertEquals(25, ApplicationStateTable.CASSANDRA_3.size());
    }

    @Test
    void builderKeepsOrdinalOrderAndReplaces() {
        EndpointState st = EndpointState.builder(ApplicationStateTable.CASSANDRA_5_0)
                .put(ApplicationState.TOKENS, "t", 1).put(ApplicationState.STATUS, "a", 2).put(ApplicationState.STATUS, "b", 3).build();
        assertEquals(List.of(0, 13), st.entries().stream().map(EndpointState.Entry::ordinal).toList());
        assertEquals("b", st.get(ApplicationState.STATUS).value());
        assertEquals(3, st.maxVersion());
        assertThrows(IllegalArgumentException.class,
                () -> EndpointState.builder(ApplicationStateTable.CASSANDRA_3).put(ApplicationState.STATUS_WITH_PORT, "x", 1));
    }

    @Test
    void tokensValueRoundTripsAndCosts19BytesPerTokenOnAverage() {
        List<Token> ts = Tokens.fromValue(SyntheticCluster.builder().endpoints(1).tokensPerEndpoint(256).build()
                .states().get(0).state().get(ApplicationState.TOKENS).value());
        assertEquals(256, ts.size());
        String value = Tokens.toValue(ts);
        assertEquals(ts, Tokens.fromValue(value));
        int wire = RoundTrip.encode(VersionedValue.SERIALIZER, new VersionedValue(value, 1), MessagingVersion.V12).length;
        // 12 chars per token, about half of them above 0x7F or zero -> ~19 bytes; observed 4,904 for 256 tokens
        double perToken = wire / 256.0;
        org.junit.jupiter.api.Assertions.assertTrue(perToken > 16 && perToken < 22, "bytes per token " + perToken);
        assertEquals(-1L, Tokens.fromValue(Tokens.toValue(List.of(Token.murmur3(-1)))).get(0).murmur3Value());
        assertThrows(WireFormatException.class, () -> Tokens.fromValue("\u0000\u0000\u0000\u0008abc"));
        assertThrows(WireFormatException.class, () -> Tokens.fromValue("\u0000\u0000"));
    }

    @Test
    void countsAreCheckedBeforeAllocating() {
        // digest count 0x7fffffff with 4 bytes of input: must fail fast, not allocate
        byte[] b = HexFormat.of().parseHex("7fffffff00000000");
        WireInput in = WireInput.of(Unpooled.wrappedBuffer(b), DecoderLimits.DEFAULT, ApplicationStateTable.CASSANDRA_5_0);
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> GossipDigestAck2.SERIALIZER.deserialize(in, MessagingVersion.V12));
        assertEquals(0, e.offset());
        byte[] neg = HexFormat.of().parseHex("ffffffff");
        assertThrows(WireFormatException.class, () -> RoundTrip.decode(GossipDigestAck2.SERIALIZER, neg, MessagingVersion.V12));
    }
}
