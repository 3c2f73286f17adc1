package io.gossippreflight.wire.message;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.VInt;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes 4.0+ messages (versions 12 and 13) with exact sizes. Gossip payloads are
 * decoded; an empty payload of another verb is {@link NoPayload}; anything else stays
 * {@link RawPayload}.
 */
public final class MessageSerializer {
    /** createdAt is always a fixed 4-byte int (Cassandra 5.0.9 net/Message.java CREATION_TIME_SIZE). */
    private static final int CREATED_AT_SIZE = 4;
    /** Smallest param on the wire: type vint + length vint. */
    private static final int MIN_PARAM_SIZE = 2;

    /** How a decoder treats a payload it cannot decode. */
    public enum PayloadMode {
        /** A gossip payload that does not decode, or leaves bytes over, is an error. */
        STRICT,
        /** Such a payload is kept as {@link RawPayload} (the message bounds are still known). */
        LENIENT,
        /** Never decode payloads: keep every non-empty payload as bytes. */
        RAW
    }

    private MessageSerializer() {
    }

    public static int payloadSize(Message m, MessagingVersion version) {
        return payloadSize(m.payload(), version);
    }

    public static int payloadSize(Payload p, MessagingVersion version) {
        if (p instanceof NoPayload) {
            return 0;
        } else if (p instanceof RawPayload r) {
            return r.size();
        } else if (p instanceof GossipDigestSyn s) {
            return GossipDigestSyn.SERIALIZER.serializedSize(s, version);
        } else if (p instanceof GossipDigestAck a) {
            return GossipDigestAck.SERIALIZER.serializedSize(a, version);
        } else if (p instanceof GossipDigestAck2 a) {
            return GossipDigestAck2.SERIALIZER.serializedSize(a, version);
        } else if (p instanceof GossipShutdown s) {
            return GossipShutdown.SERIALIZER.serializedSize(s, version);
        }
        throw new IllegalArgumentException("unknown payload type " + p.getClass().getName());
    }

    public static void writePayload(Payload p, ByteBuf out, MessagingVersion version) {
        if (p instanceof NoPayload) {
            return;
        } else if (p instanceof RawPayload r) {
            out.writeBytes(r.unsafeBytes());
        } else if (p instanceof GossipDigestSyn s) {
            GossipDigestSyn.SERIALIZER.serialize(s, out, version);
        } else if (p instanceof GossipDigestAck a) {
            GossipDigestAck.SERIALIZER.serialize(a, out, version);
        } else if (p instanceof GossipDigestAck2 a) {
            GossipDigestAck2.SERIALIZER.serialize(a, out, version);
        } else if (p instanceof GossipShutdown s) {
            GossipShutdown.SERIALIZER.serialize(s, out, version);
        } else {
            throw new IllegalArgumentException("unknown payload type " + p.getClass().getName());
        }
    }

    /** Bytes of the header up to (not including) the payload size. */
    public static int headerSize(Message m) {
        int size = VInt.sizeOf(m.id()) + CREATED_AT_SIZE + VInt.sizeOf(m.expiresInMillis())
                + VInt.sizeOf(m.verbId()) + VInt.sizeOf(m.flags()) + VInt.sizeOf(m.params().size());
        for (Param p : m.params()) {
            size += VInt.sizeOf(p.type()) + VInt.sizeOf(p.length()) + p.length();
        }
        return size;
    }

    public static int serializedSize(Message m, MessagingVersion version) {
        requireModern(version);
        int payload = payloadSize(m.payload(), version);
        return headerSize(m) + VInt.sizeOf(payload) + payload;
    }

    public static void serialize(Message m, ByteBuf out, MessagingVersion version) {
        requireModern(version);
        int payloadSize = payloadSize(m.payload(), version);
        out.ensureWritable(headerSize(m) + VInt.sizeOf(payloadSize) + payloadSize);
        VInt.write(out, m.id());
        out.writeInt(m.createdAtMillis());
        VInt.write(out, m.expiresInMillis());
        VInt.write(out, m.verbId());
        VInt.write(out, m.flags());
        VInt.write(out, m.params().size());
        for (Param p : m.params()) {
            VInt.write(out, p.type());
            VInt.write(out, p.length());
            out.writeBytes(p.value());
        }
        VInt.write(out, payloadSize);
        int before = out.writerIndex();
        writePayload(m.payload(), out, version);
        if (out.writerIndex() - before != payloadSize) {
            throw new IllegalStateException("payload wrote " + (out.writerIndex() - before) + " bytes, size said " + payloadSize);
        }
    }

    /**
     * Total size of the message starting at {@code index}, or -1 when the bytes up to
     * {@code limit} do not yet hold its header and payload size. Throws when the header is
     * malformed or the size exceeds the message limit, before anything is allocated.
     */
    public static int inferMessageSize(ByteBuf buf, int index, int limit, DecoderLimits limits) {
        int i = index;
        int s = VInt.peekSize(buf, i, limit); // id
        if (s < 0) {
            return -1;
        }
        i += s + CREATED_AT_SIZE;
        for (int k = 0; k < 3; k++) { // expiresIn, verb, flags
            if (i > limit) {
                return -1;
            }
            s = VInt.peekSize(buf, i, limit);
            if (s < 0) {
                return -1;
            }
            i += s;
        }
        s = VInt.peekSize(buf, i, limit);
        if (s < 0) {
            return -1;
        }
        long count = VInt.get(buf, i);
        if (count < 0 || count > limits.maxCollection()) {
            throw new WireFormatException("param count " + Long.toUnsignedString(count) + " exceeds the limit of "
                    + limits.maxCollection(), i - index);
        }
        i += s;
        for (long k = 0; k < count; k++) {
            s = VInt.peekSize(buf, i, limit); // type
            if (s < 0) {
                return -1;
            }
            i += s;
            s = VInt.peekSize(buf, i, limit);
            if (s < 0) {
                return -1;
            }
            long len = VInt.get(buf, i);
            if (len < 0 || len > limits.maxMessageSize()) {
                throw new WireFormatException("param length " + Long.toUnsignedString(len) + " exceeds the message limit", i - index);
            }
            i += s;
            if ((long) i - index + len > limits.maxMessageSize()) {
                throw new WireFormatException("message header exceeds the message limit of " + limits.maxMessageSize(), i - index);
            }
            i += (int) len;
        }
        s = VInt.peekSize(buf, i, limit);
        if (s < 0) {
            return -1;
        }
        long payload = VInt.get(buf, i);
        long total = (long) (i - index) + s + payload;
        if (payload < 0 || total > limits.maxMessageSize()) {
            throw new WireFormatException("message of " + (payload < 0 ? Long.toUnsignedString(payload) : total)
                    + " bytes exceeds the limit of " + limits.maxMessageSize(), i - index);
        }
        return (int) total;
    }

    public static Message deserialize(WireInput in, MessagingVersion version) {
        return deserialize(in, version, PayloadMode.STRICT);
    }

    /** Reads one whole message from {@code in}; the payload must be fully present. */
    public static Message deserialize(WireInput in, MessagingVersion version, PayloadMode mode) {
        requireModern(version);
        long id = in.readUnsignedVInt("message id");
        int createdAt = in.readInt("createdAt");
        long expiresIn = in.readUnsignedVInt("expiresIn");
        if (expiresIn < 0) {
            throw in.error("expiresIn " + Long.toUnsignedString(expiresIn) + " out of range");
        }
        int verbId = in.readUnsignedVInt32("verb");
        int flags = in.readUnsignedVInt32("flags");
        long countAt = in.offset();
        int count = in.readUnsignedVInt32("param count");
        in.checkCount(count, MIN_PARAM_SIZE, "params", countAt);
        List<Param> params = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int type = in.readUnsignedVInt32("param type");
            int len = in.readUnsignedVInt32("param length");
            params.add(new Param(type, in.readBytes(len, "param value")));
        }
        long sizeAt = in.offset();
        int payloadSize = in.readUnsignedVInt32("payload size");
        if (payloadSize > in.remaining()) {
            throw new WireFormatException("payload of " + payloadSize + " bytes but " + in.remaining() + " left", sizeAt);
        }
        Payload payload = readPayload(in, version, Verb.fromId(verbId), payloadSize, mode);
        return new Message(id, createdAt, expiresIn, verbId, flags, params, payload);
    }

    static Payload readPayload(WireInput in, MessagingVersion version, Verb verb, int size, PayloadMode mode) {
        ByteBuf buf = in.buffer();
        boolean gossip = verb != null && verb.isGossip();
        if (!gossip || mode == PayloadMode.RAW) {
            if (size == 0) {
                return NoPayload.INSTANCE;
            }
            return new RawPayload(in.readBytes(size, "payload"));
        }
        int start = buf.readerIndex();
        long startOffset = in.offset();
        ByteBuf slice = buf.slice(start, size);
        WireInput sub = WireInput.of(slice, startOffset, in.limits(), in.stateTable());
        try {
            Payload p = switch (verb) {
                case GOSSIP_DIGEST_SYN -> GossipDigestSyn.SERIALIZER.deserialize(sub, version);
                case GOSSIP_DIGEST_ACK -> GossipDigestAck.SERIALIZER.deserialize(sub, version);
                case GOSSIP_DIGEST_ACK2 -> GossipDigestAck2.SERIALIZER.deserialize(sub, version);
                case GOSSIP_SHUTDOWN -> GossipShutdown.SERIALIZER.deserialize(sub, version);
                default -> throw new IllegalStateException("not a gossip verb " + verb);
            };
            if (sub.remaining() != 0) {
                throw new WireFormatException(verb + " payload leaves " + sub.remaining() + " of " + size
                        + " bytes unread", sub.offset());
            }
            buf.skipBytes(size);
            return p;
        } catch (WireFormatException e) {
            if (mode == PayloadMode.STRICT) {
                throw e;
            }
            return size == 0 ? NoPayload.INSTANCE : new RawPayload(in.readBytes(size, "payload"));
        }
    }

    private static void requireModern(MessagingVersion version) {
        if (!version.isModern()) {
            throw new IllegalArgumentException("messaging version " + version.id()
                    + " uses the pre-4.0 message format (LegacyMessageSerializer)");
        }
    }
}
