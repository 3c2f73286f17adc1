package io.gossippreflight.wire.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.RoundTrip;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

public class MessageSerializerTest {
    public static byte[] encode(Message m, MessagingVersion v) {
        ByteBuf b = Unpooled.buffer();
        MessageSerializer.serialize(m, b, v);
        return RoundTrip.bytes(b);
    }

    public static Message decode(byte[] b, MessagingVersion v, MessageSerializer.PayloadMode mode) {
        WireInput in = WireInput.of(Unpooled.wrappedBuffer(b), DecoderLimits.DEFAULT, ApplicationStateTable.defaultFor(v));
        Message m = MessageSerializer.deserialize(in, v, mode);
        assertEquals(0, in.remaining());
        return m;
    }

    static void check(Message m, MessagingVersion v) {
        byte[] b = encode(m, v);
        assertEquals(b.length, m.serializedSize(v));
        assertEquals(b.length, MessageSerializer.inferMessageSize(Unpooled.wrappedBuffer(b), 0, b.length, DecoderLimits.DEFAULT));
        for (int cut = 0; cut < Math.min(b.length, 40); cut++) {
            int inferred = MessageSerializer.inferMessageSize(Unpooled.wrappedBuffer(b), 0, cut, DecoderLimits.DEFAULT);
            org.junit.jupiter.api.Assertions.assertTrue(inferred == -1 || inferred == b.length, "cut " + cut);
        }
        Message back = decode(b, v, MessageSerializer.PayloadMode.STRICT);
        assertEquals(m, back);
        assertArrayEquals(b, encode(back, v));
    }

    @ParameterizedTest
    @EnumSource(value = MessagingVersion.class, names = {"V12", "V13"})
    void everyPayloadKindRoundTrips(MessagingVersion v) {
        SyntheticCluster c = SyntheticCluster.builder().endpoints(4).tokensPerEndpoint(16).build();
        long now = 1_763_700_000_000L;
        check(Message.gossip(1, now, c.syn()), v);
        check(Message.gossip(2, now, c.shadowSyn()), v);
        check(Message.gossip(3, now, c.shadowAck()), v);
        check(Message.gossip(4, now, new GossipDigestAck(c.digests(), c.states().subList(0, 2))), v);
        check(Message.gossip(5, now, c.ack2()), v);
        check(Message.gossip(6, now, GossipShutdown.carriesState(v) ? new GossipShutdown(c.states().get(0).state()) : GossipShutdown.EMPTY), v);
        check(new Message(7, (int) now, 10_000, Verb.ECHO_REQ, NoPayload.INSTANCE), v);
        check(new Message(Long.MAX_VALUE, -1, 0, 91, 1, List.of(new Param(5, new byte[16]), new Param(200, new byte[0])), NoPayload.INSTANCE), v);
        check(new Message(8, 0, 1, Verb.SCHEMA_PULL_RSP, new RawPayload(new byte[] {1, 2, 3})), v);
        check(new Message(9, 0, 1, 127, 0, List.of(), new RawPayload(new byte[300])), v); // unknown verb
    }

    @Test
    void lenientKeepsUndecodableGossipAsRaw() {
        Message m = new Message(1, 0, 300_000, Verb.GOSSIP_DIGEST_ACK2.id(), 0, List.of(), new RawPayload(new byte[] {0, 0, 0, 1}));
        byte[] b = encode(m, MessagingVersion.V12);
        assertThrows(WireFormatException.class, () -> decode(b, MessagingVersion.V12, MessageSerializer.PayloadMode.STRICT));
        Message lenient = decode(b, MessagingVersion.V12, MessageSerializer.PayloadMode.LENIENT);
        assertInstanceOf(RawPayload.class, lenient.payload());
        assertArrayEquals(b, encode(lenient, MessagingVersion.V12));
        Message raw = decode(encode(Message.gossip(1, 0, new GossipDigestAck2(List.of())), MessagingVersion.V12),
                MessagingVersion.V12, MessageSerializer.PayloadMode.RAW);
        assertInstanceOf(RawPayload.class, raw.payload());
    }

    @Test
    void limitsAreCheckedBeforeReading() {
        DecoderLimits small = new DecoderLimits(100, 10, 100);
        Message big = new Message(1, 0, 0, Verb.SCHEMA_PULL_RSP, new RawPayload(new byte[200]));
        byte[] b = encode(big, MessagingVersion.V12);
        assertThrows(WireFormatException.class, () -> MessageSerializer.inferMessageSize(Unpooled.wrappedBuffer(b), 0, 12, small));
        // payload size larger than the bytes present
        byte[] cut = java.util.Arrays.copyOf(b, 50);
        assertThrows(WireFormatException.class, () -> decode(cut, MessagingVersion.V12, MessageSerializer.PayloadMode.STRICT));
        assertThrows(IllegalArgumentException.class, () -> encode(big, MessagingVersion.V11));
    }

    @Test
    void gossipFactoryPicksVerbAndExpiry() {
        Message m = Message.gossip(1, 5L, new GossipDigestSyn("c", "p", List.of()));
        assertEquals(Verb.GOSSIP_DIGEST_SYN, m.verb());
        assertEquals(300_000, m.expiresInMillis());
        assertEquals(Verb.GOSSIP_DIGEST_ACK2, Message.gossip(1, 5L, new GossipDigestAck2(List.of())).verb());
        assertEquals("VERB_127", new Message(1, 0, 0, 127, 0, List.of(), NoPayload.INSTANCE).verbName());
        assertEquals(14, Verb.GOSSIP_DIGEST_SYN.id());
        assertEquals(91, Verb.ECHO_RSP.id());
        assertEquals(88, Verb.SCHEMA_PULL_RSP.id());
    }
}
