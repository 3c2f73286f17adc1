package io.gossippreflight.probe.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class UdpProbeFormatTest {
    @Test
    void encodesToTheAskedLengthAndDecodes() {
        ByteBuf b = UdpProbeFormat.encode(ByteBufAllocator.DEFAULT, UdpProbeFormat.PROBE, 7, 1422, 0, 1394);
        assertEquals(1394, b.readableBytes());
        UdpProbeFormat.Header h = UdpProbeFormat.decode(b);
        assertEquals(new UdpProbeFormat.Header(UdpProbeFormat.PROBE, 7, 1422, 0, 1394), h);
        b.release();
    }

    @Test
    void strangersAreIgnoredNotErrors() {
        assertNull(UdpProbeFormat.decode(Unpooled.wrappedBuffer(new byte[10])), "too short");
        assertNull(UdpProbeFormat.decode(Unpooled.wrappedBuffer(new byte[40])), "no magic");
        ByteBuf wrongType = UdpProbeFormat.encode(ByteBufAllocator.DEFAULT, UdpProbeFormat.PROBE, 1, 1, 0, 20);
        wrongType.setByte(5, 99);
        assertNull(UdpProbeFormat.decode(wrongType));
        assertThrows(IllegalArgumentException.class,
                () -> UdpProbeFormat.encode(ByteBufAllocator.DEFAULT, UdpProbeFormat.PROBE, 1, 1, 0, 19));
        assertThrows(IllegalArgumentException.class,
                () -> UdpProbeFormat.encode(ByteBufAllocator.DEFAULT, UdpProbeFormat.PROBE, 1, 1, 0, 70_000));
    }
}
