package io.gossippreflight.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.config.InboundLimits;
import io.gossippreflight.node.log.MemoryLog;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.wire.netty.ReceiveBudget;
import io.gossippreflight.wire.netty.ReceiveLimitException;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InboundGuardTest {
    private static final InboundLimits L = new InboundLimits(100, 150, 250, 2, 3, Duration.ofMinutes(1));

    private static InetAddress a(int n) throws Exception {
        return InetAddress.getByName("198.18.1." + n);
    }

    @Test
    void bytesCountAgainstTheMessageTheAddressAndTheWhole() throws Exception {
        InboundGuard g = new InboundGuard(L, new MemoryLog(NodeLog.Level.DEBUG));
        ReceiveBudget a1 = g.budget(a(1));
        ReceiveBudget a1b = g.budget(a(1));
        ReceiveBudget b = g.budget(a(2));
        ReceiveBudget c = g.budget(a(3));
        assertTrue(assertThrows(ReceiveLimitException.class, () -> a1.reserve(101)).getMessage()
                .contains("over internode_max_message_size (100)"));
        a1.reserve(100);
        assertTrue(assertThrows(ReceiveLimitException.class, () -> a1b.reserve(60)).getMessage()
                .contains("over internode_application_receive_queue_reserve_endpoint_capacity (150)"));
        a1b.reserve(50);
        b.reserve(90);
        assertEquals(240, g.held());
        assertTrue(assertThrows(ReceiveLimitException.class, () -> c.reserve(20)).getMessage()
                .contains("over internode_application_receive_queue_reserve_global_capacity (250)"));
        assertEquals(240, g.held(), "a refusal reserves nothing");
        a1.release(100);
        c.reserve(20);
        a1b.release(50);
        b.release(90);
        c.release(20);
        assertEquals(0, g.held());
    }

    @Test
    void connectionsPerAddressAndInAll() throws Exception {
        InboundGuard g = new InboundGuard(L, new MemoryLog(NodeLog.Level.DEBUG));
        assertNull(g.admit(a(1)));
        assertNull(g.admit(a(1)));
        assertTrue(g.admit(a(1)).contains("internode_max_connections_per_peer 2"));
        assertNull(g.admit(a(2)));
        assertTrue(g.admit(a(3)).contains("internode_max_inbound_connections 3"));
        g.leave(a(1));
        assertNull(g.admit(a(3)));
        assertEquals(3, g.connections());
    }

    @Test
    void eachAddressIsLoggedOnceAtWarn() throws Exception {
        MemoryLog log = new MemoryLog(NodeLog.Level.DEBUG);
        InboundGuard g = new InboundGuard(L, log);
        for (int i = 0; i < 5; i++) {
            g.logOnce(a(1), "Closing inbound connection from 198.18.1.1: x");
            g.logOnce(a(2), "Closing inbound connection from 198.18.1.2: y");
        }
        assertEquals(2, log.lines().stream().filter(l -> l.startsWith("WARN")).count(), log.lines().toString());
        assertEquals(8, log.lines().stream().filter(l -> l.startsWith("DEBUG")).count());
        assertEquals(10, g.refusals());
    }
}
