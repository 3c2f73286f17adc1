package io.gossippreflight.probe.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DocumentationAddressesTest {
    @Test
    void enumeratesDistinctDocumentationEndpoints() {
        Set<InetAddressAndPort> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            InetAddressAndPort ep = DocumentationAddresses.endpoint(i);
            assertTrue(DocumentationAddresses.isDocumentation(ep), ep.toString());
            assertTrue(seen.add(ep), "duplicate " + ep);
        }
        assertEquals("192.0.2.1:7000", DocumentationAddresses.endpoint(0).toString());
        assertEquals("192.0.2.254:7000", DocumentationAddresses.endpoint(253).toString());
        assertEquals("198.51.100.1:7000", DocumentationAddresses.endpoint(254).toString());
        assertEquals("192.0.2.1:7001", DocumentationAddresses.endpoint(762).toString());
        assertThrows(IllegalArgumentException.class, () -> DocumentationAddresses.endpoint(-1));
        assertThrows(IllegalArgumentException.class, () -> DocumentationAddresses.endpoint(DocumentationAddresses.CAPACITY));
    }

    @Test
    void recognisesOnlyTheThreeRanges() {
        for (String a : List.of("192.0.2.7", "198.51.100.200", "203.0.113.1")) {
            assertTrue(DocumentationAddresses.isDocumentation(InetAddressAndPort.parse(a, 7000)), a);
        }
        for (String a : List.of("198.18.1.2", "192.0.3.1", "10.0.0.1", "2001:db8::1", "198.51.101.1")) {
            assertFalse(DocumentationAddresses.isDocumentation(InetAddressAndPort.parse(a, 7000)), a);
        }
    }

    @Test
    void digestsNameThemWithGenerationOne() {
        List<GossipDigest> d = DocumentationAddresses.digests(3);
        assertEquals(3, d.size());
        assertEquals(1, d.get(2).generation());
        assertEquals(DocumentationAddresses.endpoint(2), d.get(2).endpoint());
    }
}
