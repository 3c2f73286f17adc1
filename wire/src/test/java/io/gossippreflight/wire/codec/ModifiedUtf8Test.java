package io.gossippreflight.wire.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.RoundTrip;
import io.gossippreflight.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ModifiedUtf8Test {
    private static byte[] jdk(String s) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        new DataOutputStream(bos).writeUTF(s);
        return bos.toByteArray();
    }

    private static byte[] ours(String s) {
        ByteBuf b = Unpooled.buffer();
        ModifiedUtf8.write(b, s);
        return RoundTrip.bytes(b);
    }

    @Test
    void matchesDataOutputWriteUtfAndReadsBack() throws IOException {
        String[] samples = {"", "Test Cluster", "nul\u0000byte", "caf\u00e9", "\u0800\uffff", "\ud83d\ude00 surrogates",
            "\u0000\u0001\u007f\u0080\u00ff"};
        for (String s : samples) {
            byte[] expected = jdk(s);
            assertArrayEquals(expected, ours(s), s);
            assertEquals(expected.length, ModifiedUtf8.serializedSize(s));
            WireInput in = WireInput.of(Unpooled.wrappedBuffer(expected), DecoderLimits.DEFAULT, null);
            assertEquals(s, in.readUtf("s"));
        }
    }

    @Test
    void asciiAndMixedStringsReadBackToBackAsDataInputDoes() throws IOException {
        // a raw 0x00 byte is accepted as U+0000 (DataInputStream.readUTF does); each read ends where its string does
        byte[] raw = {0, 3, 'a', 0, 'b', 0, 4, 'x', (byte) 0xC3, (byte) 0xA9, 'y', 0, 0};
        assertEquals("a\u0000b", new java.io.DataInputStream(new java.io.ByteArrayInputStream(raw)).readUTF());
        WireInput in = WireInput.of(Unpooled.wrappedBuffer(raw), DecoderLimits.DEFAULT, null);
        assertEquals("a\u0000b", in.readUtf("first"));
        assertEquals("x\u00e9y", in.readUtf("second"));
        assertEquals("", in.readUtf("third"));
        assertEquals(0, in.remaining());
    }

    @Test
    void aMalformedByteAfterAsciiIsReportedAtItsOffset() {
        byte[] bad = {0, 4, 'a', 'b', (byte) 0xC3, 0x41};
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> WireInput.of(Unpooled.wrappedBuffer(bad), DecoderLimits.DEFAULT, null).readUtf("s"));
        assertEquals(4, e.offset());
    }

    @Test
    void rejectsMalformedAndOverLimit() {
        byte[] bad = {0, 2, (byte) 0xC3, 0x41};
        assertThrows(WireFormatException.class,
                () -> WireInput.of(Unpooled.wrappedBuffer(bad), DecoderLimits.DEFAULT, null).readUtf("s"));
        byte[] four = {0, 1, (byte) 0xF0};
        assertThrows(WireFormatException.class,
                () -> WireInput.of(Unpooled.wrappedBuffer(four), DecoderLimits.DEFAULT, null).readUtf("s"));
        byte[] shortInput = {0, 10, 'a'};
        assertThrows(WireFormatException.class,
                () -> WireInput.of(Unpooled.wrappedBuffer(shortInput), DecoderLimits.DEFAULT, null).readUtf("s"));
        DecoderLimits tight = new DecoderLimits(1024, 10, 3);
        byte[] four4 = {0, 4, 'a', 'b', 'c', 'd'};
        assertThrows(WireFormatException.class,
                () -> WireInput.of(Unpooled.wrappedBuffer(four4), tight, null).readUtf("s"));
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf8.serializedSize("\u0800".repeat(21846)));
    }
}
