package io.gossippreflight.probe.check;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gossippreflight.probe.plan.DocumentationAddresses;
import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Param;
import io.gossippreflight.wire.message.Verb;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyPolicyTest {
    private static final String C = "Test Cluster";
    private static final String P = "org.apache.cassandra.dht.Murmur3Partitioner";

    private static Message syn(List<GossipDigest> digests) {
        return Message.gossip(1, 0, new GossipDigestSyn(C, P, digests));
    }

    @Test
    void whatARealNodeMayReceive() {
        assertNull(SafetyPolicy.reason(new Message(1, 0, 10_000, Verb.ECHO_REQ, NoPayload.INSTANCE)));
        assertNull(SafetyPolicy.reason(syn(List.of())), "the shadow-round SYN");
        assertNull(SafetyPolicy.reason(syn(DocumentationAddresses.digests(500))));
        Message padded = ProbeMessages.synMessageOfExactSize(C, P, 1_400, 9, 0, MessagingVersion.V12);
        assertNull(SafetyPolicy.reason(padded), "padding in a skipped parameter");
    }

    @Test
    void whatItMayNot() {
        InetAddressAndPort real = InetAddressAndPort.parse("198.18.2.2", 7000);
        assertNotNull(SafetyPolicy.reason(syn(List.of(new GossipDigest(real, 1, 1)))), "our own or any real endpoint");
        SyntheticCluster c = SyntheticCluster.builder().endpoints(1).firstAddress(DocumentationAddresses.endpoint(0)).build();
        assertNotNull(SafetyPolicy.reason(Message.gossip(1, 0, c.ack2())), "ACK2 with states, even of documentation endpoints");
        assertNotNull(SafetyPolicy.reason(Message.gossip(1, 0, new GossipDigestAck(List.of(), c.states()))), "ACK");
        Message otherParam = new Message(1, 0, 1, Verb.GOSSIP_DIGEST_SYN.id(), 0, List.of(new Param(5, new byte[16])),
                new GossipDigestSyn(C, P, List.of()));
        assertNotNull(SafetyPolicy.reason(otherParam), "a parameter the node would act on (TRACE_SESSION)");
        assertThrows(IllegalStateException.class, () -> SafetyPolicy.check(Message.gossip(1, 0, c.ack2()), TargetKind.CASSANDRA));
        SafetyPolicy.check(Message.gossip(1, 0, c.ack2()), TargetKind.RESPONDER);
    }
}
