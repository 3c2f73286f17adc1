package io.gossippreflight.wire.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.RoundTrip;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    static final HexFormat HEX = HexFormat.of();

    static byte[] encode(Initiate i) {
        ByteBuf b = Unpooled.buffer();
        i.encode(b);
        return RoundTrip.bytes(b);
    }

    @Test
    void initiateMatchesRealCassandraBytes() {
        // two-node-join: 198.18.2.2 opens a streaming connection: flags 0c0c0c08, address, CRC32 288b7f (primed)
        byte[] real = HEX.parseHex("ca552dfa0c0c0c0806c61202021b5837288b7f");
        Initiate i = Initiate.decode(Unpooled.wrappedBuffer(real));
        assertEquals(ConnectionType.STREAMING, i.type());
        assertEquals(Framing.UNPROTECTED, i.framing());
        assertEquals(12, i.requestVersion());
        assertEquals(InetAddressAndPort.parse("198.18.2.2", 7000), i.from());
        assertArrayEquals(real, encode(i));
        Initiate urgent = Initiate.modern(MessagingVersion.V12, MessagingVersion.V12, ConnectionType.URGENT_MESSAGES, Framing.CRC,
                InetAddressAndPort.parse("198.18.2.2", 7000));
        assertEquals(0x0c0c0c11, urgent.flags());
        assertEquals(19, urgent.serializedSize());
    }

    @Test
    void everyShapeRoundTripsIncludingIpv6AndPartialInput() {
        InetAddressAndPort v6 = InetAddressAndPort.parse("2001:db8::2", 7012);
        for (ConnectionType t : ConnectionType.values()) {
            if (t == ConnectionType.LEGACY_MESSAGES) {
                continue;
            }
            for (Framing f : Framing.values()) {
                Initiate i = Initiate.modern(MessagingVersion.V12, MessagingVersion.V13, t, f, v6);
                byte[] b = encode(i);
                assertEquals(i.serializedSize(), b.length);
                assertEquals(31, b.length);
                for (int cut = 0; cut < b.length; cut++) {
                    ByteBuf part = Unpooled.wrappedBuffer(Arrays.copyOf(b, cut));
                    assertNull(Initiate.decode(part), "cut " + cut);
                    assertEquals(0, part.readerIndex());
                }
                assertEquals(i, Initiate.decode(Unpooled.wrappedBuffer(b)));
            }
        }
        Initiate legacy = Initiate.legacy(MessagingVersion.V11, true, false);
        byte[] lb = encode(legacy);
        assertArrayEquals(HEX.parseHex("ca552dfa00000b04"), lb);
        assertEquals(legacy, Initiate.decode(Unpooled.wrappedBuffer(lb)));
    }

    @Test
    void badMagicAndCrcAreRejected() {
        byte[] real = HEX.parseHex("ca552dfa0c0c0c0806c61202021b5837288b7f");
        byte[] badCrc = real.clone();
        badCrc[18] ^= 1;
        assertThrows(WireFormatException.class, () -> Initiate.decode(Unpooled.wrappedBuffer(badCrc)));
        byte[] badMagic = real.clone();
        badMagic[0] = 0;
        assertThrows(WireFormatException.class, () -> Initiate.decode(Unpooled.wrappedBuffer(badMagic)));
    }

    @Test
    void acceptModernAndLegacy() {
        byte[] real = HEX.parseHex("0000000c0000000c26f5673a");
        Accept a = Accept.decode(Unpooled.wrappedBuffer(real), false);
        assertEquals(Accept.modern(12, 12), a);
        ByteBuf b = Unpooled.buffer();
        a.encode(b);
        assertArrayEquals(real, RoundTrip.bytes(b));
        assertNull(Accept.decode(Unpooled.wrappedBuffer(Arrays.copyOf(real, 8)), false));
        assertEquals(Accept.legacy(11), Accept.decode(Unpooled.wrappedBuffer(HEX.parseHex("0000000b")), false));
        assertEquals(Accept.legacy(12), Accept.decode(Unpooled.wrappedBuffer(HEX.parseHex("0000000c")), true));
        byte[] bad = real.clone();
        bad[11] ^= 1;
        assertThrows(WireFormatException.class, () -> Accept.decode(Unpooled.wrappedBuffer(bad), false));
    }

    @Test
    void confirmOutboundPre40() {
        ConfirmOutboundPre40 c = new ConfirmOutboundPre40(11, InetAddressAndPort.parse("2001:db8::9", InetAddressAndPort.DEFAULT_PORT));
        ByteBuf b = Unpooled.buffer();
        c.encode(b);
        byte[] bytes = RoundTrip.bytes(b);
        assertEquals(4 + 17, bytes.length);
        assertEquals(c, ConfirmOutboundPre40.decode(Unpooled.wrappedBuffer(bytes)));
        assertNull(ConfirmOutboundPre40.decode(Unpooled.wrappedBuffer(Arrays.copyOf(bytes, 10))));
    }
}
