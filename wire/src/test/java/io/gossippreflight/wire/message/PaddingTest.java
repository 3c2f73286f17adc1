package io.gossippreflight.wire.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;

class PaddingTest {
    @Test
    void everySizeFromTheMessageUpIsReachableAndDecodesToTheSamePayload() {
        Message syn = Message.gossip(3, 1_763_000_000_000L, SyntheticCluster.builder().endpoints(2).build().syn());
        MessagingVersion v = MessagingVersion.V12;
        int base = syn.serializedSize(v);
        assertSame(syn, Padding.toSize(syn, base, v));
        assertThrows(IllegalArgumentException.class, () -> Padding.toSize(syn, base + 1, v), "a param costs 2 bytes at least");
        for (int target = base + 2; target < base + 17_000; target++) {
            Message p = Padding.toSize(syn, target, v);
            assertEquals(target, p.serializedSize(v));
            if (target % 997 == 0) {
                Message back = MessageSerializerTest.decode(MessageSerializerTest.encode(p, v), v, MessageSerializer.PayloadMode.STRICT);
                assertEquals(syn.payload(), back.payload());
                assertEquals(p, back);
            }
        }
        // a large message's header must fit its first 32 KiB frame: padding alone cannot reach 200,000 bytes
        assertThrows(IllegalArgumentException.class, () -> Padding.toSize(syn, 200_000, v));
        assertEquals(30_000, Padding.toSize(syn, 30_000, v).serializedSize(v));
        assertThrows(IllegalArgumentException.class, () -> Padding.toSize(syn, base - 1, v));
    }
}
