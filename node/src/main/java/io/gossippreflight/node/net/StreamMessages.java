package io.gossippreflight.node.net;

import io.gossippreflight.wire.codec.ModifiedUtf8;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The streaming messages of Cassandra 5.0.9 (streaming/messages/*, messaging version 12), as
 * far as a peer that holds no data must read and write them. A streaming connection carries
 * them back to back after the handshake, unframed: a type byte, then the type's fields, with no
 * length; so a message is known complete only once every field of it has been read.
 */
public final class StreamMessages {
    public static final int PREPARE_SYN = 1;
    public static final int STREAM = 2;
    public static final int RECEIVED = 3;
    public static final int COMPLETE = 5;
    public static final int SESSION_FAILED = 6;
    public static final int KEEP_ALIVE = 7;
    public static final int PREPARE_SYNACK = 8;
    public static final int PREPARE_ACK = 9;
    public static final int STREAM_INIT = 10;

    /** A message still incomplete after this many bytes is not one we can hold: the session is refused. */
    public static final int MAX_MESSAGE_BYTES = 16 << 20;
    /** Longest token we skip (Murmur3 tokens are 8 bytes; ByteOrdered ones are keys). */
    static final int MAX_TOKEN_BYTES = 64 << 10;

    private StreamMessages() {
    }

    /** One decoded message. */
    public sealed interface StreamMessage permits Init, PrepareSyn, PrepareSynAck, Received, Control, Stream {
        int type();
    }

    /** STREAM_INIT (StreamInitMessage): who starts which session for what operation ("Bootstrap", "Repair"...). */
    public record Init(InetAddressAndPort from, int sessionIndex, UUID planId, String operation, UUID pendingRepair,
                       int previewKind) implements StreamMessage {
        @Override
        public int type() {
            return STREAM_INIT;
        }
    }

    /** What the initiator asks of one keyspace (StreamRequest): its ranges counted, not kept. */
    public record Request(String keyspace, int fullRanges, int transientRanges, List<String> tables) {
    }

    /** What a side will send: files and bytes of one table (StreamSummary). */
    public record Summary(UUID tableId, int files, long bytes) {
    }

    /** PREPARE_SYN (PrepareSynMessage): what the initiator wants from us, and what it would send us. */
    public record PrepareSyn(List<Request> requests, List<Summary> summaries) implements StreamMessage {
        @Override
        public int type() {
            return PREPARE_SYN;
        }

        public long files() {
            return summaries.stream().mapToLong(Summary::files).sum();
        }
    }

    /** PREPARE_SYNACK (PrepareSynAckMessage): what the follower will send. Read for tests and captures. */
    public record PrepareSynAck(List<Summary> summaries) implements StreamMessage {
        @Override
        public int type() {
            return PREPARE_SYNACK;
        }
    }

    /** RECEIVED (ReceivedMessage): a stream of ours arrived. */
    public record Received(UUID tableId, int sequence) implements StreamMessage {
        @Override
        public int type() {
            return RECEIVED;
        }
    }

    /** A message with no fields: COMPLETE, SESSION_FAILED, KEEP_ALIVE, PREPARE_ACK. */
    public record Control(int type) implements StreamMessage {
    }

    /** STREAM: file data follows; only its type byte is read (a peer without data cannot take it). */
    public record Stream() implements StreamMessage {
        @Override
        public int type() {
            return STREAM;
        }
    }

    /** Input that is not a Cassandra 5.0 streaming message. */
    public static final class StreamFormatException extends RuntimeException {
        StreamFormatException(String message) {
            super(message);
        }
    }

    /** Thrown by the reader when the message goes on past the bytes received so far. */
    private static final class Incomplete extends RuntimeException {
        static final Incomplete INSTANCE = new Incomplete();

        private Incomplete() {
            super(null, null, false, false);
        }
    }

    /**
     * Decodes the message at the reader index and moves past it, or returns null (reader index
     * unchanged) when it is not complete yet. Every count and length is bounded before use.
     */
    public static StreamMessage decode(ByteBuf in) {
        int start = in.readerIndex();
        try {
            return decodeOne(new Reader(in));
        } catch (Incomplete e) {
            in.readerIndex(start);
            return null;
        }
    }

    private static StreamMessage decodeOne(Reader r) {
        int type = r.u8();
        return switch (type) {
            case STREAM_INIT -> init(r);
            case PREPARE_SYN -> new PrepareSyn(requests(r), summaries(r));
            case PREPARE_SYNACK -> new PrepareSynAck(summaries(r));
            case RECEIVED -> new Received(r.uuid(), r.i32());
            case COMPLETE, SESSION_FAILED, KEEP_ALIVE, PREPARE_ACK -> new Control(type);
            case STREAM -> new Stream();
            default -> throw new StreamFormatException("unknown stream message type " + type);
        };
    }

    private static Init init(Reader r) {
        InetAddressAndPort from = r.endpoint();
        int sessionIndex = r.i32();
        UUID planId = r.uuid();
        String operation = r.utf();
        UUID pendingRepair = r.bool() ? r.uuid() : null;
        int previewKind = r.i32();
        return new Init(from, sessionIndex, planId, operation, pendingRepair, previewKind);
    }

    private static List<Request> requests(Reader r) {
        int n = r.count(2 + 4 + 7 + 4 + 4, "stream requests");
        List<Request> out = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            String keyspace = r.utf();
            int tables = r.count(2, "tables of a stream request");
            r.endpoint();
            int full = skipRanges(r);
            int trans = skipRanges(r);
            List<String> names = new ArrayList<>(Math.min(tables, 64));
            for (int t = 0; t < tables; t++) {
                names.add(r.utf());
            }
            out.add(new Request(keyspace, full, trans, List.copyOf(names)));
        }
        return List.copyOf(out);
    }

    /** Ranges of a StreamRequest (two length-prefixed tokens each), skipped: a peer without data needs only their number. */
    private static int skipRanges(Reader r) {
        int n = r.count(8, "ranges of a stream request");
        for (int i = 0; i < 2 * n; i++) {
            int len = r.i32();
            if (len < 0 || len > MAX_TOKEN_BYTES) {
                throw new StreamFormatException("token of " + len + " bytes in a stream request");
            }
            r.skip(len);
        }
        return n;
    }

    private static List<Summary> summaries(Reader r) {
        int n = r.count(16 + 4 + 8, "stream summaries");
        List<Summary> out = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            UUID table = r.uuid();
            int files = r.i32();
            long bytes = r.i64();
            if (files < 0 || bytes < 0) {
                throw new StreamFormatException("stream summary with " + files + " files of " + bytes + " bytes");
            }
            out.add(new Summary(table, files, bytes));
        }
        return List.copyOf(out);
    }

    // ---- what a peer without data sends ----------------------------------------------------

    /** PREPARE_SYNACK announcing nothing to send. */
    public static ByteBuf nothingToSend(ByteBufAllocator alloc) {
        return alloc.buffer(5).writeByte(PREPARE_SYNACK).writeInt(0);
    }

    /** A message with no fields (COMPLETE, SESSION_FAILED). */
    public static ByteBuf control(ByteBufAllocator alloc, int type) {
        return alloc.buffer(1).writeByte(type);
    }

    /** Reads big-endian fields as Java's DataInput does, throwing {@link Incomplete} past the end. */
    private static final class Reader {
        private final ByteBuf in;

        Reader(ByteBuf in) {
            this.in = in;
        }

        void need(int n) {
            if (in.readableBytes() < n) {
                throw Incomplete.INSTANCE;
            }
        }

        int u8() {
            need(1);
            return in.readUnsignedByte();
        }

        boolean bool() {
            return u8() != 0;
        }

        int i32() {
            need(4);
            return in.readInt();
        }

        long i64() {
            need(8);
            return in.readLong();
        }

        UUID uuid() {
            need(16);
            return new UUID(in.readLong(), in.readLong());
        }

        void skip(int n) {
            need(n);
            in.skipBytes(n);
        }

        /** An int count that could fit in one message of at most {@link #MAX_MESSAGE_BYTES}. */
        int count(int minElementBytes, String what) {
            int n = i32();
            if (n < 0 || (long) n * minElementBytes > MAX_MESSAGE_BYTES) {
                throw new StreamFormatException(what + ": count " + n + " is out of bounds");
            }
            return n;
        }

        /** writeUTF: unsigned short length, modified UTF-8 (at most 65,535 bytes by construction). */
        String utf() {
            need(2);
            int len = in.getUnsignedShort(in.readerIndex());
            need(2 + len);
            in.skipBytes(2);
            try {
                return ModifiedUtf8.decode(in, len, in.readerIndex()); // moves past the string
            } catch (RuntimeException e) {
                throw new StreamFormatException("bad modified UTF-8 string: " + e.getMessage());
            }
        }

        /** Cassandra InetAddressAndPort.Serializer: size byte (6 or 18), address, unsigned short port. */
        InetAddressAndPort endpoint() {
            int size = u8();
            if (size != 6 && size != 18) {
                throw new StreamFormatException("address of " + size + " bytes (expected 6 or 18)");
            }
            need(size);
            byte[] addr = new byte[size - 2];
            in.readBytes(addr);
            int port = in.readUnsignedShort();
            try {
                return InetAddressAndPort.of(InetAddress.getByAddress(addr), port);
            } catch (UnknownHostException e) {
                throw new StreamFormatException("bad address: " + e.getMessage());
            }
        }
    }
}
