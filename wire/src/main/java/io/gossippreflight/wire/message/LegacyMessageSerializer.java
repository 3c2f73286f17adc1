package io.gossippreflight.wire.message;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.ModifiedUtf8;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes pre-4.0 messages (versions 10 and 11); see {@link LegacyMessage}. */
public final class LegacyMessageSerializer {
    /** Smallest param: empty key (2) + length (4). */
    private static final int MIN_PARAM_SIZE = 6;

    private LegacyMessageSerializer() {
    }

    public static int serializedSize(LegacyMessage m, MessagingVersion version) {
        requireLegacy(version);
        int size = 4 + 4 + 4 + m.from().serializedSize(version) + 4 + 4;
        for (LegacyParam p : m.params()) {
            size += ModifiedUtf8.serializedSize(p.key()) + 4 + p.length();
        }
        return size + 4 + MessageSerializer.payloadSize(m.payload(), version);
    }

    public static void serialize(LegacyMessage m, ByteBuf out, MessagingVersion version) {
        requireLegacy(version);
        out.ensureWritable(serializedSize(m, version));
        out.writeInt(Initiate.PROTOCOL_MAGIC);
        out.writeInt(m.messageId());
        out.writeInt(m.timestampMillis());
        InetAddressAndPort.SERIALIZER.serialize(m.from(), out, version);
        out.writeInt(m.verbOrdinal());
        out.writeInt(m.params().size());
        for (LegacyParam p : m.params()) {
            ModifiedUtf8.write(out, p.key());
            out.writeInt(p.length());
            out.writeBytes(p.unsafeValue());
        }
        out.writeInt(MessageSerializer.payloadSize(m.payload(), version));
        MessageSerializer.writePayload(m.payload(), out, version);
    }

    /**
     * Total size of the message at {@code index}, or -1 when {@code limit} cuts its header short.
     * A wrong magic, a bad address size or a size over the limits is a WireFormatException.
     */
    public static int inferMessageSize(ByteBuf buf, int index, int limit, DecoderLimits limits) {
        int i = index;
        if (limit - i < 13) {
            return -1;
        }
        int magic = buf.getInt(i);
        if (magic != Initiate.PROTOCOL_MAGIC) {
            throw new WireFormatException(String.format("pre-4.0 message magic %08x, expected %08x", magic, Initiate.PROTOCOL_MAGIC), 0);
        }
        i += 12;
        int addr = buf.getUnsignedByte(i);
        if (addr != 4 && addr != 16) {
            throw new WireFormatException("pre-4.0 message: address size " + addr + " (expected 4 or 16)", i - index);
        }
        i += 1 + addr;
        if (limit - i < 8) {
            return -1;
        }
        int verb = buf.getInt(i);
        if (verb < 0 || verb > 255) {
            throw new WireFormatException("pre-4.0 message: verb ordinal " + verb + " out of range", i - index);
        }
        int count = buf.getInt(i + 4);
        if (count < 0 || count > limits.maxCollection()) {
            throw new WireFormatException("pre-4.0 message: param count " + count + " out of range", i + 4 - index);
        }
        i += 8;
        for (int k = 0; k < count; k++) {
            if (limit - i < 2) {
                return -1;
            }
            i += 2 + buf.getUnsignedShort(i);
            if (limit - i < 4) {
                return -1;
            }
            int len = buf.getInt(i);
            if (len < 0 || (long) i - index + len > limits.maxMessageSize()) {
                throw new WireFormatException("pre-4.0 message: param length " + len + " out of range", i - index);
            }
            i += 4 + len;
        }
        if (limit - i < 4) {
            return -1;
        }
        int payload = buf.getInt(i);
        long total = (long) i + 4 + payload - index;
        if (payload < 0 || total > limits.maxMessageSize()) {
            throw new WireFormatException("pre-4.0 message: payload size " + payload + " out of range", i - index);
        }
        return (int) total;
    }

    public static LegacyMessage deserialize(WireInput in, MessagingVersion version, MessageSerializer.PayloadMode mode) {
        requireLegacy(version);
        long at = in.offset();
        int magic = in.readInt("magic");
        if (magic != Initiate.PROTOCOL_MAGIC) {
            throw new WireFormatException(String.format("pre-4.0 message magic %08x, expected %08x", magic, Initiate.PROTOCOL_MAGIC), at);
        }
        int id = in.readInt("message id");
        int ts = in.readInt("timestamp");
        InetAddressAndPort from = InetAddressAndPort.SERIALIZER.deserialize(in, version);
        long verbAt = in.offset();
        int verb = in.readInt("verb");
        if (verb < 0) {
            throw new WireFormatException("negative verb ordinal " + verb, verbAt);
        }
        int count = in.readCount(MIN_PARAM_SIZE, "params");
        List<LegacyParam> params = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            String key = in.readUtf("param name");
            int len = in.readInt("param length");
            params.add(new LegacyParam(key, in.readBytes(len, "param value")));
        }
        long sizeAt = in.offset();
        int size = in.readInt("payload size");
        if (size < 0 || size > in.remaining()) {
            throw new WireFormatException("payload of " + size + " bytes but " + in.remaining() + " left", sizeAt);
        }
        LegacyVerb lv = LegacyVerb.fromOrdinal(verb);
        Verb gossip = lv != null && lv.isGossip() ? Verb.fromId(verb) : null;
        Payload payload = MessageSerializer.readPayload(in, version, gossip, size, mode);
        return new LegacyMessage(id, ts, from, verb, params, payload);
    }

    private static void requireLegacy(MessagingVersion version) {
        if (version.isModern()) {
            throw new IllegalArgumentException("messaging version " + version.id() + " uses the 4.0+ message format");
        }
    }
}
