package io.gossippreflight.wire.message;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.VInt;
import io.gossippreflight.wire.frame.FramingPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Grows a 4.0+ message to an exact serialized size with parameters of a type no Cassandra
 * release defines. Receivers skip parameters they do not know by their length (Cassandra 5.0.9
 * net/Message.java deserializeParams: "forward compatibility with minor version changes"), so
 * the padded message means the same to them while taking exactly the bytes asked for.
 */
public final class Padding {
    /** A parameter type id no release uses (5.0.9 defines 0-17); one vint byte. */
    public static final int PARAM_TYPE = 127;

    private Padding() {
    }

    /** The smallest size {@link #toSize} can reach for this message (its current size). */
    public static int minimumSize(Message m, MessagingVersion version) {
        return m.serializedSize(version);
    }

    /**
     * A copy of {@code m} whose serialized size is exactly {@code target} bytes: the current size,
     * or at least 2 bytes more (a parameter costs at least its type and length bytes). One padding
     * parameter does it, except just past a vint length boundary, where a second, empty one does.
     * Beyond the large-message threshold the header (with its padding) must still fit the first
     * 32 KiB frame, so large sizes need a larger payload (see SizedMessages).
     */
    public static Message toSize(Message m, int target, MessagingVersion version) {
        return toSize(m, target, version, null);
    }

    /**
     * As {@link #toSize(Message, int, MessagingVersion)}, the padding filled from {@code filler}
     * (null: zeros). Random bytes leave LZ4 nothing to find, so an LZ4 frame stores the message raw
     * and its size on the wire stays what the sender chose.
     */
    public static Message toSize(Message m, int target, MessagingVersion version, java.util.Random filler) {
        int base = m.serializedSize(version);
        if (target == base) {
            return m;
        }
        if (!version.isModern()) {
            return toSizePre40(m, base, target, version, filler);
        }
        if (target < base || target == base + 1) {
            throw new IllegalArgumentException("a " + base + "-byte message pads to " + base + " or at least " + (base + 2)
                    + " bytes, not " + target);
        }
        for (int extra = 0; extra <= 1; extra++) {
            List<Param> params = new ArrayList<>(m.params());
            for (int i = 0; i < extra; i++) {
                params.add(new Param(PARAM_TYPE, new byte[0]));
            }
            int count = params.size() + 1;
            Message withEmpty = new Message(m.id(), m.createdAtMillis(), m.expiresInMillis(), m.verbId(), m.flags(), params,
                    m.payload());
            // bytes the padding param adds on top of withEmpty: count vint growth + type vint + length vint + length
            int fixed = withEmpty.serializedSize(version) + (VInt.sizeOf(count) - VInt.sizeOf(count - 1)) + VInt.sizeOf(PARAM_TYPE);
            for (int lenBytes = 1; lenBytes <= 5; lenBytes++) {
                long len = (long) target - fixed - lenBytes;
                if (len >= 0 && VInt.sizeOf(len) == lenBytes) {
                    byte[] fill = new byte[(int) len];
                    if (filler != null) {
                        filler.nextBytes(fill);
                    }
                    params.add(new Param(PARAM_TYPE, fill));
                    Message padded = new Message(m.id(), m.createdAtMillis(), m.expiresInMillis(), m.verbId(), m.flags(), params,
                            m.payload());
                    if (padded.serializedSize(version) != target) {
                        throw new IllegalStateException("padding arithmetic is off: " + padded.serializedSize(version) + " != " + target);
                    }
                    if (FramingPolicy.CASSANDRA.isLarge(target)) {
                        // a large message's header must fit its first frame: pad the payload instead beyond that
                        FramingPolicy.CASSANDRA.checkLarge(padded, version);
                    }
                    return padded;
                }
            }
        }
        throw new IllegalArgumentException("cannot pad a " + base + "-byte message to exactly " + target + " bytes");
    }

    /** Pre-4.0: one parameter of a fixed-size header (name, int length) and the bytes that make up the rest. */
    private static Message toSizePre40(Message m, int base, int target, MessagingVersion version, java.util.Random filler) {
        int header = Pre40Messages.paramSize(PARAM_TYPE, 0);
        if (target < base + header) {
            throw new IllegalArgumentException("a " + base + "-byte pre-4.0 message pads to " + base + " or at least "
                    + (base + header) + " bytes, not " + target);
        }
        byte[] fill = new byte[target - base - header];
        if (filler != null) {
            filler.nextBytes(fill);
        }
        List<Param> params = new ArrayList<>(m.params());
        params.add(new Param(PARAM_TYPE, fill));
        Message padded = new Message(m.id(), m.createdAtMillis(), m.expiresInMillis(), m.verbId(), m.flags(), params,
                m.payload());
        if (padded.serializedSize(version) != target) {
            throw new IllegalStateException("padding arithmetic is off: " + padded.serializedSize(version) + " != " + target);
        }
        return padded;
    }
}
