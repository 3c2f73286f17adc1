package io.gossippreflight.wire.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.RoundTrip;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.gossip.Tokens;
import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SyntheticClusterTest {
    @Test
    void endpointsHaveTheStatesCassandra509Publishes() {
        SyntheticCluster c = SyntheticCluster.builder().endpoints(5).tokensPerEndpoint(16).seed(7).build();
        assertEquals(5, c.states().size());
        assertEquals(5, new HashSet<>(c.endpoints()).size());
        for (var s : c.states()) {
            EndpointState st = s.state();
            assertEquals(14, st.entries().size());
            assertEquals("5.0.9", st.get(ApplicationState.RELEASE_VERSION).value());
            assertEquals("12", st.get(ApplicationState.NET_VERSION).value());
            UUID.fromString(st.get(ApplicationState.HOST_ID).value());
            UUID.fromString(st.get(ApplicationState.SCHEMA).value());
            var tokens = Tokens.fromValue(st.get(ApplicationState.TOKENS).value());
            assertEquals(16, tokens.size());
            assertEquals("NORMAL," + tokens.get(0), st.get(ApplicationState.STATUS_WITH_PORT).value());
            assertTrue(st.heartBeat().version() > st.get(ApplicationState.RPC_READY).version());
            assertEquals(st.maxVersion(), c.digests().get(c.states().indexOf(s)).maxVersion());
        }
        assertEquals(c.states().get(0).state().get(ApplicationState.SCHEMA).value(),
                c.states().get(1).state().get(ApplicationState.SCHEMA).value(), "one schema for the cluster");
        assertNotEquals(c.states().get(0).state().get(ApplicationState.HOST_ID).value(),
                c.states().get(1).state().get(ApplicationState.HOST_ID).value());
    }

    @Test
    void deterministicPerSeedAndRoundTrips() {
        SyntheticCluster a = SyntheticCluster.builder().endpoints(10).tokensPerEndpoint(256).seed(3).build();
        SyntheticCluster b = SyntheticCluster.builder().endpoints(10).tokensPerEndpoint(256).seed(3).build();
        assertEquals(a.states(), b.states());
        for (MessagingVersion v : new MessagingVersion[] {MessagingVersion.V12, MessagingVersion.V13}) {
            RoundTrip.check(GossipDigestAck.SERIALIZER, a.shadowAck(), v);
            RoundTrip.check(GossipDigestSyn.SERIALIZER, a.syn(), v);
        }
        // a 256-token state is ~5.5 KB; ten of them in a shadow ACK ~55 KB
        int size = a.shadowAck().serializedSize(MessagingVersion.V12);
        assertTrue(size > 45_000 && size < 65_000, "shadow ack size " + size);
    }

    @Test
    void ipv6EndpointsAndHostSkipping() {
        SyntheticCluster c6 = SyntheticCluster.builder().endpoints(3).firstAddress(InetAddressAndPort.parse("2001:db8::1", 7000)).build();
        assertEquals(InetAddressAndPort.parse("2001:db8::3", 7000), c6.endpoints().get(2));
        assertTrue(c6.states().get(0).state().get(ApplicationState.NATIVE_ADDRESS_AND_PORT).value().startsWith("[2001:db8"));
        SyntheticCluster c4 = SyntheticCluster.builder().endpoints(3).firstAddress(InetAddressAndPort.parse("198.18.1.254", 7000)).build();
        assertEquals(InetAddressAndPort.parse("198.18.2.1", 7000), c4.endpoints().get(1));
        RoundTrip.check(GossipDigestAck.SERIALIZER, c6.shadowAck(), MessagingVersion.V12);
    }
}
