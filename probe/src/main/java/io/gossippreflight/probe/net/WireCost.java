package io.gossippreflight.probe.net;

import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.frame.MessageFramer;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.Locale;

/**
 * What one connection adds to a message on its way: its frames (CRC or LZ4, Cassandra 5.0.9
 * net/FrameEncoderCrc, FrameEncoderLZ4) and, over TLS, the record around every 16 KiB of frames.
 * The probe's size arithmetic goes through this, so a ladder rung is the bytes that cross.
 *
 * @param framing           the connection's frames (a pre-4.0 connection has none: UNPROTECTED, unused)
 * @param tlsRecordOverhead bytes TLS adds per record (0: plain): header, explicit nonce, tag
 * @param pre40Extra        -1 for a framed 4.0+ connection; on a pre-4.0 (3.x) one, unframed, the bytes
 *                          every message carries beyond {@code Message.serializedSize} at 10/11: 12 for
 *                          an IPv6 sender's address, and the reply-port parameter our own links add
 */
public record WireCost(Framing framing, int tlsRecordOverhead, int pre40Extra) {
    /** The default: CRC frames, no TLS. */
    public static final WireCost CRC = new WireCost(Framing.CRC, 0);

    public WireCost(Framing framing, int tlsRecordOverhead) {
        this(framing, tlsRecordOverhead, -1);
    }

    /** A pre-4.0 connection: messages back to back, each {@code extra} bytes above its counted size. */
    public static WireCost pre40(int extra) {
        return new WireCost(Framing.UNPROTECTED, 0, extra);
    }

    /** Whether the connection speaks the unframed pre-4.0 (3.x) protocol. */
    public boolean pre40() {
        return pre40Extra >= 0;
    }
    /** The largest TLS record's plaintext (RFC 8446 5.1, RFC 5246 6.2.1); Netty's SslHandler wraps up to it. */
    public static final int TLS_MAX_PLAINTEXT = 16_384;

    public WireCost {
        if (tlsRecordOverhead < 0 || tlsRecordOverhead > 256) {
            throw new IllegalArgumentException("TLS record overhead " + tlsRecordOverhead);
        }
    }

    public boolean tls() {
        return tlsRecordOverhead > 0;
    }

    /** Header and trailer of one frame. */
    public int frameOverhead() {
        return pre40() ? pre40Extra : FrameFormat.of(framing).overhead();
    }

    /**
     * Bytes on the wire of a message of {@code messageBytes} that compression cannot shrink (every
     * message over CRC frames; over LZ4 frames a message of incompressible bytes, stored raw).
     */
    public long wireBytes(int messageBytes) {
        if (pre40()) {
            return (long) messageBytes + pre40Extra;
        }
        return withTls(SizeLadder.framedBytes(messageBytes, frameOverhead()));
    }

    /** Bytes on the wire of {@code m} exactly: over LZ4 frames it is compressed, as the peer's frames would be. */
    public long wireBytes(Message m, MessagingVersion version) {
        if (framing != Framing.LZ4 || pre40()) {
            return wireBytes(m.serializedSize(version));
        }
        List<ByteBuf> frames = new MessageFramer(FrameFormat.of(framing), version, UnpooledByteBufAllocator.DEFAULT)
                .frame(List.of(m));
        long n = 0;
        for (ByteBuf f : frames) {
            n += f.readableBytes();
            f.release();
        }
        return withTls(n);
    }

    /**
     * The message size whose wire bytes ({@link #wireBytes(int)}) are exactly {@code wire}, for one
     * frame and one record; -1 when none is (below the overhead).
     */
    public int messageBytesFor(long wire) {
        long framed = tls() ? wire - tlsRecordOverhead : wire;
        long message = framed - frameOverhead();
        if (pre40()) {
            return message < 0 || message > Integer.MAX_VALUE ? -1 : (int) message;
        }
        if (message < 0 || message > FrameFormat.MAX_PAYLOAD || (tls() && framed > TLS_MAX_PLAINTEXT)) {
            return -1;
        }
        return (int) message;
    }

    private long withTls(long framed) {
        if (!tls()) {
            return framed;
        }
        long records = Math.max(1, (framed + TLS_MAX_PLAINTEXT - 1) / TLS_MAX_PLAINTEXT);
        return framed + records * tlsRecordOverhead;
    }

    /**
     * Bytes a TLS record adds for this protocol and cipher suite: 5 header bytes, plus for TLS 1.3
     * the inner content type and a 16-byte tag (RFC 8446 5.2); for TLS 1.2 AEAD the tag, and for
     * AES-GCM its 8-byte explicit nonce (RFC 5288 3). CBC suites (padding varies) count their worst case.
     */
    public static int tlsRecordOverhead(String protocol, String cipherSuite) {
        String p = protocol == null ? "" : protocol;
        String c = cipherSuite == null ? "" : cipherSuite.toUpperCase(Locale.ROOT);
        if (p.equals("TLSv1.3")) {
            return 5 + 1 + 16;
        }
        if (c.contains("_GCM_") || c.contains("_CCM")) {
            return 5 + 8 + 16;
        }
        if (c.contains("CHACHA20")) {
            return 5 + 16;
        }
        return 5 + 16 + 48 + 16; // CBC: IV, MAC up to SHA-384, padding up to a block
    }

    @Override
    public String toString() {
        if (pre40()) {
            return "pre-4.0 unframed messages";
        }
        return framing + " frames" + (tls() ? ", TLS (" + tlsRecordOverhead + " bytes per record)" : "");
    }
}
