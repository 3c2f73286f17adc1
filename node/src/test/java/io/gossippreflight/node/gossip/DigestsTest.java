package io.gossippreflight.node.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DigestsTest {
    static final InetAddressAndPort SELF = GossiperTest.A;
    static final InetAddressAndPort P = GossiperTest.C;

    /** Our P: generation 100, heartbeat 7, STATUS at 5, LOAD at 9 (max version 9). */
    static final EndpointState LOCAL_P = GossiperTest.state(100, 7,
            ApplicationState.STATUS_WITH_PORT, "NORMAL,1", 5, ApplicationState.LOAD, "1.0", 9);

    @ParameterizedTest(name = "digest {0}:{1} about {2}, known={3} -> {4}")
    @CsvSource({
        // remoteGen, remoteMax, about, known, expected: "-" nothing, "req:G:V" request, "send:N" send N states (+hb)
        "100, 9,   P,    true,  -",
        "101, 1,   P,    true,  req:101:0",   // restarted there: ask for everything
        "100, 12,  P,    true,  req:100:9",   // newer there: ask above our max
        "100, 6,   P,    true,  send:1",      // older there: send what is above 6 (LOAD@9, heartbeat@7)
        "100, 8,   P,    true,  send:1",
        "99,  50,  P,    true,  send:2",      // their generation is old: send everything
        "100, 3,   P,    false, req:100:0",   // unknown here
        "100, 3,   SELF, true,  send:2",      // about us with any other version: everything
    })
    void examineTable(int gen, int max, String about, boolean known, String expected) {
        InetAddressAndPort ep = about.equals("SELF") ? SELF : P;
        Map<InetAddressAndPort, EndpointState> local = known ? Map.of(P, LOCAL_P, SELF, LOCAL_P) : Map.of();
        Digests.Delta d = Digests.examine(List.of(new GossipDigest(ep, gen, max)),
                e -> local.containsKey(e) ? new PeerState(local.get(e), true, 0) : null, SELF);
        if (expected.equals("-")) {
            assertEquals(List.of(), d.requests());
            assertEquals(List.of(), d.sends());
        } else if (expected.startsWith("req:")) {
            String[] p = expected.split(":");
            assertEquals(List.of(new GossipDigest(ep, Integer.parseInt(p[1]), Integer.parseInt(p[2]))), d.requests());
            assertEquals(List.of(), d.sends());
        } else {
            assertEquals(List.of(), d.requests());
            assertEquals(1, d.sends().size());
            AddressedState s = d.sends().get(0);
            assertEquals(ep, s.endpoint());
            assertEquals(Integer.parseInt(expected.substring(5)), s.state().entries().size());
            assertEquals(LOCAL_P.heartBeat(), s.state().heartBeat(), "the current heartbeat travels along");
        }
    }

    @Test
    void newerThanKeepsOnlyNewerStatesAndNothingWhenUpToDate() {
        assertEquals(List.of(LOCAL_P.get(ApplicationState.LOAD)), Digests.newerThan(LOCAL_P, 7).entries().stream().map(EndpointState.Entry::value).toList());
        EndpointState hbOnly = Digests.newerThan(LOCAL_P, 6);
        assertEquals(1, hbOnly.entries().size());
        assertNull(Digests.newerThan(LOCAL_P, 9));
        assertNull(Digests.newerThan((EndpointState) null, 0));
        assertNull(Digests.newerThan((PeerState) null, 0));
        assertEquals(2, Digests.newerThan(LOCAL_P, Digests.EMPTY_VERSION).entries().size());
    }

    @Test
    void theShortcutOverCachedVersionsAgreesWithTheFullScan() {
        PeerState p = new PeerState(LOCAL_P, true, 0);
        assertEquals(9, p.maxVersion());
        assertEquals(9, p.maxStateVersion());
        for (int v = -1; v <= 10; v++) {
            assertEquals(Digests.newerThan(LOCAL_P, v), Digests.newerThan(p, v), "version " + v);
        }
        PeerState beat = p.withHeartBeat(LOCAL_P.heartBeat().withVersion(12));
        assertEquals(12, beat.maxVersion());
        assertEquals(List.of(), Digests.newerThan(beat, 9).entries(), "only the heartbeat is newer than 9");
        assertEquals(12, Digests.newerThan(beat, 9).heartBeat().version());
    }

    @Test
    void digestsCarryGenerationAndMaxVersion() {
        assertEquals(List.of(new GossipDigest(P, 100, 9)), Digests.of(Map.of(P, LOCAL_P)));
    }
}
