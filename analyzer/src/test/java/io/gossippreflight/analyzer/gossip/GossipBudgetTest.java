package io.gossippreflight.analyzer.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.pass.CapturePass;
import io.gossippreflight.analyzer.pass.PointRegistry;
import io.gossippreflight.analyzer.testing.Frames;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Everything charged to the reassembly budget is given back, whichever way a direction ends. */
class GossipBudgetTest {
    private final ReassemblyBudget budget = new ReassemblyBudget(1 << 20);
    private final GossipStreams gossip = new GossipStreams(7000, budget);
    private final CapturePass pass = new CapturePass("t", new PointRegistry(), CapturePass.Limits.defaults(),
            List.of(gossip));
    private final RawPacket raw = new RawPacket();
    private long t = 1_700_000_000_000_000_000L;

    private void send(boolean fromClient, int rel, byte[] payload) {
        byte[] frame = Frames.ethernet(Frames.ipv4(fromClient ? "198.18.1.2" : "198.18.2.2",
                fromClient ? "198.18.2.2" : "198.18.1.2", 6, rel, true, 64, Frames.tcp()
                        .ports(fromClient ? 45000 : 7000, fromClient ? 7000 : 45000)
                        .seq((fromClient ? 1000 : 9000) + rel).ack(fromClient ? 9000 : 1000)
                        .flags(Packet.TCP_ACK | Packet.TCP_PSH).payload(payload).build()));
        raw.set(ByteBuffer.wrap(frame), 0, frame.length, frame.length, LinkType.ETHERNET, 0, t += 1000, 0);
        pass.accept(raw);
    }

    @Test
    void aConnectionFoundToBeTlsGivesBackWhatItsOtherDirectionHeld() {
        send(false, 0, new byte[] {0, 0, 0, 12}); // the server speaks first: decoded as a 4.0+ accept...
        send(false, 100, new byte[300]); // ...with bytes waiting behind a hole
        assertTrue(budget.used() > 0);
        byte[] hello = new byte[5 + 100];
        hello[0] = 0x16;
        hello[1] = 3;
        hello[2] = 1;
        hello[4] = 100;
        hello[5] = 1; // ClientHello
        send(true, 0, hello);
        assertEquals(0, budget.used(), "nothing of a TLS connection stays charged");
        pass.finish("t", "pcap", List.of(), null);
        assertEquals(0, budget.used());
        assertEquals(1, gossip.tlsConnections());
    }

    @Test
    void decodedAndGivenUpDirectionsGiveEverythingBack() {
        byte[] random = new byte[400_000];
        new java.util.Random(3).nextBytes(random);
        for (int o = 0; o < random.length; o += 1400) {
            send(true, o, java.util.Arrays.copyOfRange(random, o, Math.min(random.length, o + 1400)));
        }
        assertEquals(1, gossip.gaveUp());
        assertEquals(0, budget.used(), "a direction given up holds nothing");
        send(false, 0, new byte[] {0, 0, 0, 12});
        send(false, 50, new byte[50]);
        pass.finish("t", "pcap", List.of(), null);
        assertEquals(0, budget.used());
    }
}
