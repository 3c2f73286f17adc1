package io.gossippreflight.probe.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class TlsDetectorTest {
    /** The internode protocol magic every plain connection starts with, then an Initiate's flags. */
    private static final byte[] PLAIN = {(byte) 0xCA, 0x55, 0x2D, (byte) 0xFA, 0x00, 0x00, 0x01, 0x0C};

    /** The first record a JDK client sends: its ClientHello, for the given protocols. */
    private static ByteBuf clientHello(String... protocols) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        SSLEngine e = ctx.createSSLEngine("198.18.1.2", 7000);
        e.setUseClientMode(true);
        e.setEnabledProtocols(protocols);
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        return Unpooled.wrappedBuffer(out);
    }

    @Test
    void aClientHelloIsTls() throws Exception {
        for (String[] p : new String[][] {{"TLSv1.3"}, {"TLSv1.2"}, {"TLSv1.3", "TLSv1.2"}}) {
            ByteBuf hello = clientHello(p);
            assertTrue(TlsDetector.startsTls(hello), String.join(",", p));
            assertEquals(0, hello.readerIndex(), "nothing consumed");
        }
    }

    @Test
    void anSsl2StyleClientHelloIsTls() {
        // 2-byte length with the top bit set, CLIENT-HELLO (1), version 3.1
        assertTrue(TlsDetector.startsTls(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0x2E, 0x01, 0x03, 0x01})));
    }

    @Test
    void theInternodeMagicIsNot() {
        assertFalse(TlsDetector.startsTls(Unpooled.wrappedBuffer(PLAIN)));
    }

    @Test
    void aHeaderWithAnImpossibleVersionOrLengthIsNot() {
        assertFalse(TlsDetector.startsTls(Unpooled.wrappedBuffer(new byte[] {22, 2, 0, 0, 10})), "version 2.0");
        assertFalse(TlsDetector.startsTls(Unpooled.wrappedBuffer(new byte[] {22, 3, 9, 0, 10})), "version 3.9");
        assertFalse(TlsDetector.startsTls(Unpooled.wrappedBuffer(new byte[] {22, 3, 3, 0, 0})), "empty record");
        assertFalse(TlsDetector.startsTls(Unpooled.wrappedBuffer(new byte[] {22, 3, 3, (byte) 0xFF, 0})), "65,280 bytes");
        assertFalse(TlsDetector.startsTls(Unpooled.wrappedBuffer(new byte[] {19, 3, 3, 0, 10})), "content type 19");
    }

    @Test
    void aPlainConnectionPassesThroughAndTheDetectorStepsAside() {
        EmbeddedChannel ch = new EmbeddedChannel(new TlsDetector(null, "tls"));
        ch.writeInbound(Unpooled.wrappedBuffer(PLAIN));
        ByteBuf passed = ch.readInbound();
        assertEquals(PLAIN.length, passed.readableBytes());
        passed.release();
        assertNull(ch.pipeline().get(TlsDetector.class));
        assertTrue(ch.isOpen());
    }

    @Test
    void tlsOnAPortWithoutItIsClosed() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new TlsDetector(null, "tls"));
        ByteBuf hello = clientHello("TLSv1.3");
        Exception e = assertThrows(javax.net.ssl.SSLException.class, () -> ch.writeInbound(hello));
        assertTrue(e.getMessage().contains("without internode encryption"), e.getMessage());
        assertFalse(ch.isOpen());
    }
}
