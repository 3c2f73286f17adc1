package io.gossippreflight.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The shared byte counter sees exactly what crosses each channel's socket end, both ways, across channels. */
class TrafficCounterTest {
    @Test
    void countsReadAndWrittenBytesOfEveryChannelItIsIn() {
        TrafficCounter c = new TrafficCounter();
        EmbeddedChannel a = new EmbeddedChannel(c);
        EmbeddedChannel b = new EmbeddedChannel(c);
        a.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        b.writeInbound(Unpooled.wrappedBuffer(new byte[23]));
        a.writeOutbound(Unpooled.wrappedBuffer(new byte[7]));
        b.writeOutbound(new DefaultByteBufHolder(Unpooled.wrappedBuffer(new byte[5])), "not bytes");
        assertEquals(123, c.bytesIn.sum());
        assertEquals(12, c.bytesOut.sum());
        ByteBuf in = a.readInbound();
        assertEquals(100, in.readableBytes(), "passed on untouched");
        in.release();
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }
}
