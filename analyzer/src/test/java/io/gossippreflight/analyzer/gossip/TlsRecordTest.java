package io.gossippreflight.analyzer.gossip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TlsRecordTest {
    /** A record header at offset 3 of a buffer, followed by a handshake type byte. */
    static boolean tls(int type, int major, int minor, int length, int handshakeType, int captured) {
        ByteBuffer b = ByteBuffer.allocate(3 + 6);
        b.position(3);
        b.put((byte) type).put((byte) major).put((byte) minor).putShort((short) length).put((byte) handshakeType);
        return GossipStreams.tlsRecord(b, 3, captured);
    }

    @Test
    void helloRecordsOfEveryVersionAreTls() {
        for (int minor = 0; minor <= 4; minor++) {
            assertTrue(tls(0x16, 3, minor, 512, 1, 6), "3." + minor);
        }
        assertTrue(tls(0x16, 3, 3, 122, 2, 6), "ServerHello");
        assertTrue(tls(0x16, 3, 1, 16384 + 2048, 1, 6), "the largest record");
        assertTrue(tls(0x16, 3, 1, 512, 0x7f, 5), "only the record header captured");
    }

    @Test
    void anythingElseIsNot() {
        assertFalse(tls(0x17, 3, 3, 512, 1, 6), "application data");
        assertFalse(tls(0x16, 2, 0, 512, 1, 6), "SSL 2 style");
        assertFalse(tls(0x16, 3, 5, 512, 1, 6), "unknown minor");
        assertFalse(tls(0x16, 3, 1, 16384 + 2049, 1, 6), "longer than any record");
        assertFalse(tls(0x16, 3, 1, 3, 1, 6), "too short for a handshake message");
        assertFalse(tls(0x16, 3, 1, 512, 11, 6), "a certificate cannot open a connection");
        assertFalse(tls(0x16, 3, 1, 512, 1, 4), "a cut header cannot tell");
        assertFalse(tls(0xCA, 0x55, 0x2D, 0xFA00, 0, 6), "the internode protocol magic");
    }
}
