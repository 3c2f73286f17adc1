package io.gossippreflight.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Test helper: serialize, check the exact size, read back, check equality and identical re-encoding. */
public final class RoundTrip {
    private RoundTrip() {
    }

    public static byte[] bytes(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    public static <T> byte[] encode(WireSerializer<T> s, T value, MessagingVersion v) {
        ByteBuf buf = Unpooled.buffer();
        s.serialize(value, buf, v);
        return bytes(buf);
    }

    public static <T> T decode(WireSerializer<T> s, byte[] bytes, MessagingVersion v) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        WireInput in = WireInput.of(buf, DecoderLimits.DEFAULT, ApplicationStateTable.defaultFor(v));
        T out = s.deserialize(in, v);
        assertEquals(0, in.remaining(), "bytes left after decoding");
        return out;
    }

    public static <T> T check(WireSerializer<T> s, T value, MessagingVersion v) {
        byte[] b = encode(s, value, v);
        assertEquals(b.length, s.serializedSize(value, v), "serializedSize must equal encoded length");
        T back = decode(s, b, v);
        assertEquals(value, back);
        assertArrayEquals(b, encode(s, back, v), "re-encoding must give identical bytes");
        return back;
    }
}
