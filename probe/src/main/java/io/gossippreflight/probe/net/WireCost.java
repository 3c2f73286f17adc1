package io.gossippreflight.probe.net;

import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.frame.Lz4BlockFormat;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.gossippreflight.wire.message.Pre40Messages;
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
 * @param framing           the connection's frames; on a pre-4.0 connection, which has none, LZ4 means
 *                          the LZ4Block stream a compressed 3.x connection carries ({@link Lz4BlockFormat}),
 *                          anything else messages back to back
 * @param tlsRecordOverhead bytes TLS adds per record (0: plain): header, explicit nonce, tag
 * @param pre40Extra        -1 for a framed 4.0+ connection; on a pre-4.0 (3.x) one, unframed, the bytes
 *                          every message carries beyond {@code Message.serializedSize} at 10/11: 12 for
 *                          an IPv6 sender's address, and the reply-port parameter our own links add
 * @param pre40Sender       on a compressed pre-4.0 connection, the sender's address its messages carry (what
 *                          LZ4 makes of a message depends on every byte); else null
 */
public record WireCost(Framing framing, int tlsRecordOverhead, int pre40Extra, InetAddressAndPort pre40Sender) {
    /** The default: CRC frames, no TLS. */
    public static final WireCost CRC = new WireCost(Framing.CRC, 0);

    public WireCost(Framing framing, int tlsRecordOverhead) {
        this(framing, tlsRecordOverhead, -1, null);
    }

    /** A pre-4.0 connection: messages back to back, each {@code extra} bytes above its counted size. */
    public static WireCost pre40(int extra) {
        return new WireCost(Framing.UNPROTECTED, 0, extra, null);
    }

    /**
     * A pre-4.0 connection from {@code sender}, its message stream LZ4Block-compressed when
     * {@code compressed} and inside TLS records of {@code tlsRecordOverhead} bytes (0: plain) when encrypted.
     */
    public static WireCost pre40(int extra, boolean compressed, int tlsRecordOverhead, InetAddressAndPort sender) {
        return new WireCost(compressed ? Framing.LZ4 : Framing.UNPROTECTED, tlsRecordOverhead, extra,
                compressed ? java.util.Objects.requireNonNull(sender, "sender") : null);
    }

    /** Whether a pre-4.0 connection's messages travel in LZ4 blocks. */
    public boolean lz4Blocks() {
        return pre40() && framing == Framing.LZ4;
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
        return pre40() ? pre40Extra + (lz4Blocks() ? Lz4BlockFormat.HEADER_LENGTH : 0) : FrameFormat.of(framing).overhead();
    }

    /**
     * Bytes on the wire of a message of {@code messageBytes} that compression cannot shrink (every
     * message over CRC frames; over LZ4 frames a message of incompressible bytes, stored raw).
     */
    public long wireBytes(int messageBytes) {
        if (pre40()) {
            long bytes = (long) messageBytes + pre40Extra;
            // each message is flushed on its own: it starts a block and ends one (Lz4BlockEncoder)
            return withTls(lz4Blocks() ? bytes + blocks(bytes) * Lz4BlockFormat.HEADER_LENGTH : bytes);
        }
        return withTls(SizeLadder.framedBytes(messageBytes, frameOverhead()));
    }

    /** Bytes on the wire of {@code m} exactly: over LZ4 frames it is compressed, as the peer's frames would be. */
    public long wireBytes(Message m, MessagingVersion version) {
        if (lz4Blocks()) {
            return withTls(lz4BlockBytes(m, version));
        }
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
            if ((tls() && framed > TLS_MAX_PLAINTEXT)
                    || (lz4Blocks() && message + pre40Extra > Lz4BlockFormat.DEFAULT_BLOCK_SIZE)) {
                return -1; // more than one record or one block
            }
            return message < 0 || message > Integer.MAX_VALUE ? -1 : (int) message;
        }
        if (message < 0 || message > FrameFormat.MAX_PAYLOAD || (tls() && framed > TLS_MAX_PLAINTEXT)) {
            return -1;
        }
        return (int) message;
    }

    /** LZ4 blocks of 16 KiB holding {@code bytes}, at least one. */
    private static long blocks(long bytes) {
        return Math.max(1, (bytes + Lz4BlockFormat.DEFAULT_BLOCK_SIZE - 1) / Lz4BlockFormat.DEFAULT_BLOCK_SIZE);
    }

    /**
     * {@code m} compressed as it travels in LZ4 blocks: its pre-4.0 bytes from the sender, with the
     * reply-port parameter when this connection's {@code pre40Extra} counts one and {@code m} has none yet.
     */
    private long lz4BlockBytes(Message m, MessagingVersion version) {
        int replyPort = Pre40Messages.paramSize(Pre40Encoder.REPLY_PORT_PARAM, 4);
        boolean addPort = pre40Extra >= replyPort && Pre40Encoder.replyPort(m) < 0;
        LegacyMessage legacy = Pre40Messages.toLegacy(addPort ? Pre40Encoder.withReplyPort(m, pre40Sender) : m, pre40Sender);
        ByteBuf plain = UnpooledByteBufAllocator.DEFAULT.heapBuffer(LegacyMessageSerializer.serializedSize(legacy, version));
        ByteBuf blocks = UnpooledByteBufAllocator.DEFAULT.heapBuffer();
        try {
            LegacyMessageSerializer.serialize(legacy, plain, version);
            byte[] bytes = new byte[plain.readableBytes()];
            plain.readBytes(bytes);
            // one message, one flush: it fills blocks of its own, as Lz4BlockEncoder writes them
            Lz4BlockFormat.encode(bytes, blocks);
            return blocks.readableBytes();
        } finally {
            plain.release();
            blocks.release();
        }
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
            return "pre-4.0 unframed messages" + (lz4Blocks() ? " in LZ4 blocks" : "")
                    + (tls() ? ", TLS (" + tlsRecordOverhead + " bytes per record)" : "");
        }
        return framing + " frames" + (tls() ? ", TLS (" + tlsRecordOverhead + " bytes per record)" : "");
    }
}
