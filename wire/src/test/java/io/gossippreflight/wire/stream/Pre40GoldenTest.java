package io.gossippreflight.wire.stream;

import static io.gossippreflight.wire.stream.SyntheticStreams.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gossippreflight.wire.InternodeMessage;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.RoundTrip;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.gossippreflight.wire.message.LegacyParam;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Padding;
import io.gossippreflight.wire.message.Param;
import io.gossippreflight.wire.message.Pre40Messages;
import io.gossippreflight.wire.message.Verb;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gossip messages the probe sends and answers with over a pre-4.0 connection, byte for byte
 * against the layouts of the released Cassandra 3.11.19 sources (cassandra-all 3.11.19 sources
 * jar): net/OutboundTcpConnection.writeInternal (magic, int id, int timestamp), net/MessageOut.serialize
 * (CompactEndpointSerializationHelper address, int verb ordinal, int param count, {writeUTF key, int
 * length, bytes}, int payload size, payload), gms/GossipDigestSyn, GossipDigestAck, GossipDigestAck2,
 * GossipDigest, EndpointState, HeartBeatState, VersionedValue serializers, gms/ApplicationState
 * ordinals. The expected bytes are written here field by field with the JDK's DataOutputStream (the
 * DataOutput 3.11 writes through), independently of our serializers; then the stream goes through
 * the analyzer's 3.x decoder.
 */
class Pre40GoldenTest {
    private static final InetAddressAndPort FROM = InetAddressAndPort.parse("198.18.2.2", 7000);
    private static final InetAddressAndPort FROM_V6 = InetAddressAndPort.parse("2001:db8::22", 7000);
    private static final InetAddressAndPort SEED = InetAddressAndPort.parse("198.18.1.2", 7000);
    private static final InetAddressAndPort OTHER_V6 = InetAddressAndPort.parse("2001:db8::12", 7000);
    private static final String CLUSTER = "Test Cluster";
    private static final String PARTITIONER = "org.apache.cassandra.dht.Murmur3Partitioner";
    /** 3.11.19 gms/ApplicationState.java ordinals. */
    private static final int STATUS = 0;
    private static final int HOST_ID = 12;
    private static final int TOKENS = 13;
    private static final int SSTABLE_VERSIONS = 18;
    /** 3.11.19 net/MessagingService.Verb ordinals. */
    private static final int SYN_ORDINAL = 14;
    private static final int ACK_ORDINAL = 15;
    private static final int ACK2_ORDINAL = 16;
    private static final int ECHO_ORDINAL = 31;
    private static final int REQUEST_RESPONSE_ORDINAL = 4;
    private static final int MAGIC = 0xCA552DFA;

    /** The reference: 3.11's layout, written by DataOutputStream. */
    private static final class Ref {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);

        Ref address(InetAddressAndPort a) throws IOException {
            byte[] b = a.address().getAddress();
            out.writeByte(b.length);
            out.write(b);
            return this;
        }

        Ref digest(InetAddressAndPort a, int generation, int version) throws IOException {
            address(a);
            out.writeInt(generation);
            out.writeInt(version);
            return this;
        }

        /** heartbeat, then the states in the order given: {ordinal, value, version} */
        Ref state(int generation, int heartbeat, Object... states) throws IOException {
            out.writeInt(generation);
            out.writeInt(heartbeat);
            out.writeInt(states.length / 3);
            for (int i = 0; i < states.length; i += 3) {
                out.writeInt((Integer) states[i]);
                out.writeUTF((String) states[i + 1]);
                out.writeInt((Integer) states[i + 2]);
            }
            return this;
        }

        byte[] toBytes() throws IOException {
            out.flush();
            return bytes.toByteArray();
        }
    }

    /** A whole message: header as writeInternal + MessageOut.serialize write it, around {@code payload}. */
    private static byte[] message(int id, int timestamp, InetAddressAndPort from, int verb, List<LegacyParam> params,
            byte[] payload) throws IOException {
        Ref r = new Ref();
        r.out.writeInt(MAGIC);
        r.out.writeInt(id);
        r.out.writeInt(timestamp);
        r.address(from);
        r.out.writeInt(verb);
        r.out.writeInt(params.size());
        for (LegacyParam p : params) {
            r.out.writeUTF(p.key());
            r.out.writeInt(p.value().length);
            r.out.write(p.value());
        }
        r.out.writeInt(payload.length);
        r.out.write(payload);
        return r.toBytes();
    }

    private static GossipDigestSyn syn() {
        return new GossipDigestSyn(CLUSTER, PARTITIONER, List.of(new GossipDigest(SEED, 1_700_000_000, 42),
                new GossipDigest(OTHER_V6, 1_700_000_001, 7)));
    }

    private static byte[] synPayload() throws IOException {
        Ref r = new Ref();
        r.out.writeUTF(CLUSTER);
        r.out.writeUTF(PARTITIONER);
        r.out.writeInt(2);
        r.digest(SEED, 1_700_000_000, 42).digest(OTHER_V6, 1_700_000_001, 7);
        return r.toBytes();
    }

    private static EndpointState seedState() {
        // in ordinal order, as the reference writes them
        return EndpointState.builder(ApplicationStateTable.CASSANDRA_3).heartBeat(1_700_000_000, 99)
                .put(ApplicationState.STATUS, "NORMAL,-9000000000000000000", 3)
                .put(ApplicationState.HOST_ID, "2f1b1c9e-0000-4000-8000-00000000000a", 4)
                .put(ApplicationState.TOKENS, "\u0000\u0000\u0000\u0008\u0083\u0019\u00ff\u0000\u0001\u0002\u0003\u0004"
                        + "\u0000\u0000\u0000\u0000", 5)
                .put(ApplicationState.SSTABLE_VERSIONS, "big-me", 6).build();
    }

    private static void seedStateRef(Ref r) throws IOException {
        r.state(1_700_000_000, 99, STATUS, "NORMAL,-9000000000000000000", 3, HOST_ID,
                "2f1b1c9e-0000-4000-8000-00000000000a", 4, TOKENS,
                "\u0000\u0000\u0000\u0008\u0083\u0019\u00ff\u0000\u0001\u0002\u0003\u0004\u0000\u0000\u0000\u0000", 5,
                SSTABLE_VERSIONS, "big-me", 6);
    }

    private static GossipDigestAck ack() {
        return new GossipDigestAck(List.of(new GossipDigest(FROM, 1_700_000_500, 0)),
                List.of(new AddressedState(SEED, seedState())));
    }

    private static byte[] ackPayload() throws IOException {
        Ref r = new Ref();
        r.out.writeInt(1);
        r.digest(FROM, 1_700_000_500, 0);
        r.out.writeInt(1);
        r.address(SEED);
        seedStateRef(r);
        return r.toBytes();
    }

    private static GossipDigestAck2 ack2() {
        return new GossipDigestAck2(List.of(new AddressedState(SEED, seedState())));
    }

    private static byte[] ack2Payload() throws IOException {
        Ref r = new Ref();
        r.out.writeInt(1);
        r.address(SEED);
        seedStateRef(r);
        return r.toBytes();
    }

    private static byte[] encode(LegacyMessage m, MessagingVersion v) {
        ByteBuf b = Unpooled.buffer();
        LegacyMessageSerializer.serialize(m, b, v);
        return RoundTrip.bytes(b);
    }

    /** The probe's messages and their 3.x bytes: a padded SYN, an ACK, an ACK2, an ECHO and its answer. */
    private record Case(Message message, byte[] expected) {
    }

    private static List<Case> cases(InetAddressAndPort from) throws IOException {
        Message syn = Padding.toSize(Message.gossip(7, 123_456, syn()), Message.gossip(7, 123_456, syn())
                .serializedSize(MessagingVersion.V11) + 40, MessagingVersion.V11);
        byte[] pad = syn.params().get(0).value();
        Message ack = new Message(8, 123_457, Message.GOSSIP_EXPIRES_IN_MILLIS, Verb.GOSSIP_DIGEST_ACK.id(), 0,
                List.of(new Param(120, new byte[] {1, 2, 3})), ack());
        Message ack2 = Message.gossip(9, 123_458, ack2());
        Message echo = new Message(10, 123_459, Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_REQ, NoPayload.INSTANCE);
        Message echoRsp = new Message(10, 123_460, Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_RSP, NoPayload.INSTANCE);
        return List.of(
                new Case(syn, message(7, 123_456, from, SYN_ORDINAL, List.of(new LegacyParam("x-127", pad)), synPayload())),
                new Case(ack, message(8, 123_457, from, ACK_ORDINAL, List.of(new LegacyParam("x-120", new byte[] {1, 2, 3})),
                        ackPayload())),
                new Case(ack2, message(9, 123_458, from, ACK2_ORDINAL, List.of(), ack2Payload())),
                new Case(echo, message(10, 123_459, from, ECHO_ORDINAL, List.of(), new byte[0])),
                new Case(echoRsp, message(10, 123_460, from, REQUEST_RESPONSE_ORDINAL, List.of(), new byte[0])));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 11})
    void ourPre40MessagesAreThe311LayoutByteForByte(int version) throws IOException {
        MessagingVersion v = MessagingVersion.of(version);
        for (InetAddressAndPort from : List.of(FROM, FROM_V6)) {
            for (Case c : cases(from)) {
                byte[] ours = encode(Pre40Messages.toLegacy(c.message(), from), v);
                assertArrayEquals(c.expected(), ours, c.message().verbName() + " from " + from);
                int extra = from.address() instanceof java.net.Inet6Address ? Pre40Messages.IPV6_EXTRA : 0;
                assertEquals(ours.length, c.message().serializedSize(v) + extra, "counted size of " + c.message().verbName());
            }
        }
    }

    @Test
    void theStreamGoesThroughTheAnalyzers3xDecoderAndBackToTheSameMessages() throws IOException {
        MessagingVersion v = MessagingVersion.V11;
        ByteBuf b = Unpooled.buffer();
        Initiate.legacy(v, false, false).encode(b);
        new ConfirmOutboundPre40(v.id(), FROM).encode(b);
        List<Message> sent = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (Case c : cases(FROM)) {
            sent.add(c.message());
            expected.add(c.expected());
            b.writeBytes(c.expected());
        }
        byte[] stream = RoundTrip.bytes(b);
        for (int chunk : new int[] {1, 7, 1 << 20}) {
            List<StreamEvent> ev = SyntheticStreams.decode(stream, chunk, StreamOptions.DEFAULT.withKeepMessageBytes(true));
            assertEquals(List.of(), of(ev, StreamEvent.Malformed.class));
            assertEquals(List.of(), of(ev, StreamEvent.Truncated.class));
            assertEquals(InetAddress.getByName("198.18.2.2"), of(ev, StreamEvent.ConfirmSeen.class).get(0).confirm().from()
                    .address());
            List<StreamEvent.MessageSeen> seen = of(ev, StreamEvent.MessageSeen.class);
            assertEquals(sent.size(), seen.size());
            for (int i = 0; i < seen.size(); i++) {
                InternodeMessage m = seen.get(i).message();
                assertArrayEquals(expected.get(i), seen.get(i).bytes());
                assertEquals(null, seen.get(i).payloadError());
                // what the probe's listener hands on is the message that was sent
                assertEquals(sent.get(i), Pre40Messages.toModern((LegacyMessage) m), "message " + i);
            }
        }
    }

    /**
     * The cases, and two SYNs padded past one 16 KiB block: one with zeros (LZ4 shrinks its blocks),
     * one with random bytes (its blocks are stored raw).
     */
    private static List<Case> compressedCases() throws IOException {
        List<Case> cs = new ArrayList<>(cases(FROM));
        Message bare = Message.gossip(11, 123_461, syn());
        Message zeros = Padding.toSize(bare, 40_000, MessagingVersion.V11);
        Message noise = Padding.toSize(Message.gossip(12, 123_462, syn()), 20_000, MessagingVersion.V11,
                new java.util.Random(42));
        cs.add(new Case(zeros, message(11, 123_461, FROM, SYN_ORDINAL,
                List.of(new LegacyParam("x-127", zeros.params().get(0).value())), synPayload())));
        cs.add(new Case(noise, message(12, 123_462, FROM, SYN_ORDINAL,
                List.of(new LegacyParam("x-127", noise.params().get(0).value())), synPayload())));
        return cs;
    }

    /**
     * A compressed 3.11 connection as 3.11.19 net/OutboundTcpConnection.connect writes it: magic,
     * header int with 4 (compressed) | version << 8 (writeHeader), after the acceptor's version its
     * own version and address (CompactEndpointSerializationHelper: length byte, address), then every
     * message through lz4-java's LZ4BlockOutputStream with 16 KiB blocks, the fast compressor, a
     * streaming XXHash32 seeded 0x9747b28c (LZ4_HASH_SEED) and sync flush, flushed after each message.
     */
    private static byte[] compressedReference(List<Case> cs) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(4 | (11 << 8));
        out.writeInt(11);
        byte[] a = FROM.address().getAddress();
        out.writeByte(a.length);
        out.write(a);
        out.flush();
        net.jpountz.lz4.LZ4BlockOutputStream lz4 = new net.jpountz.lz4.LZ4BlockOutputStream(bytes, 1 << 14,
                net.jpountz.lz4.LZ4Factory.fastestInstance().fastCompressor(),
                net.jpountz.xxhash.XXHashFactory.fastestInstance().newStreamingHash32(0x9747b28c).asChecksum(), true);
        for (Case c : cs) {
            lz4.write(c.expected());
            lz4.flush();
        }
        // not closed: a 3.x node closes the socket without the end-of-stream block
        return bytes.toByteArray();
    }

    /** What our initiator writes on a compressed connection for these messages (the acceptor answers 11). */
    private static byte[] ourCompressedConnection(List<Message> ms) {
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel(
                new io.gossippreflight.wire.netty.LegacyHandshakeInitiator(MessagingVersion.V11, true, FROM));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 11}));
        for (Message m : ms) {
            ch.writeAndFlush(Pre40Messages.toLegacy(m, FROM));
        }
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        ch.finishAndReleaseAll();
        return RoundTrip.bytes(all);
    }

    @Test
    void ourCompressedConnectionIsThe311LayoutByteForByte() throws IOException {
        List<Case> cs = compressedCases();
        byte[] reference = compressedReference(cs);
        byte[] ours = ourCompressedConnection(cs.stream().map(Case::message).toList());
        assertEquals(reference.length, ours.length, "bytes of the whole connection");
        assertArrayEquals(reference, ours);
        // both kinds of block are in it: compressed (0x20) and raw (0x10), each with the 16 KiB level (4)
        String s = new String(reference, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(true, s.contains("LZ4Block\u0024") && s.contains("LZ4Block\u0014"), "LZ4 and raw blocks");
    }

    @Test
    void aCompressed311ConnectionDecodesAndReencodesIdentically() throws IOException {
        List<Case> cs = compressedCases();
        byte[] reference = compressedReference(cs);
        for (int chunk : new int[] {1, 13, 1 << 20}) {
            List<StreamEvent> ev = SyntheticStreams.decode(reference, chunk, StreamOptions.DEFAULT.withKeepMessageBytes(true));
            assertEquals(List.of(), of(ev, StreamEvent.Malformed.class));
            assertEquals(List.of(), of(ev, StreamEvent.Truncated.class));
            List<StreamEvent.MessageSeen> seen = of(ev, StreamEvent.MessageSeen.class);
            assertEquals(cs.size(), seen.size(), "chunk " + chunk);
            List<Message> back = new ArrayList<>();
            for (int i = 0; i < seen.size(); i++) {
                assertArrayEquals(cs.get(i).expected(), seen.get(i).bytes(), "message " + i + " decompressed");
                back.add(Pre40Messages.toModern((LegacyMessage) seen.get(i).message()));
                assertEquals(cs.get(i).message(), back.get(i), "message " + i);
            }
            // what was read, written again by our initiator, is the same connection byte for byte
            assertArrayEquals(reference, ourCompressedConnection(back), "chunk " + chunk);
        }
        // and the probe's listener (the acceptor) reads the same messages from it
        io.netty.channel.embedded.EmbeddedChannel acceptor = new io.netty.channel.embedded.EmbeddedChannel(
                new io.gossippreflight.wire.netty.HandshakeAcceptor(MessagingVersion.V10, MessagingVersion.V11,
                        io.gossippreflight.wire.DecoderLimits.DEFAULT, null));
        acceptor.writeInbound(Unpooled.wrappedBuffer(reference));
        List<Message> read = new ArrayList<>();
        for (Object o; (o = acceptor.readInbound()) != null; ) {
            if (o instanceof LegacyMessage lm) {
                read.add(Pre40Messages.toModern(lm));
            }
        }
        assertEquals(cs.stream().map(Case::message).toList(), read);
        acceptor.finishAndReleaseAll();
    }

    @Test
    void theirOwnParametersAreLeftOutAndAnEmptyResponseIsAnEchoAnswer() {
        LegacyMessage traced = new LegacyMessage(5, 1, SEED, 4, List.of(new LegacyParam("TraceSession", new byte[16]),
                new LegacyParam("x-999", new byte[1]), new LegacyParam("x-120", new byte[] {9})), NoPayload.INSTANCE);
        Message m = Pre40Messages.toModern(traced);
        assertEquals(Verb.ECHO_RSP, m.verb());
        assertEquals(List.of(new Param(120, new byte[] {9})), m.params());
        LegacyMessage full = new LegacyMessage(5, 1, SEED, 4, List.of(), new io.gossippreflight.wire.message.RawPayload(
                new byte[] {1}));
        assertEquals(Verb.REQUEST_RSP, Pre40Messages.toModern(full).verb());
    }

    @Test
    void aParameterTypeTwiceIsRefusedBecause3xWouldFailOnTheDuplicateName() {
        Message twice = new Message(1, 1, Message.GOSSIP_EXPIRES_IN_MILLIS, Verb.GOSSIP_DIGEST_SYN.id(), 0,
                List.of(new Param(127, new byte[1]), new Param(127, new byte[2])), syn());
        assertThrows(IllegalArgumentException.class, () -> Pre40Messages.toLegacy(twice, FROM));
    }

    @Test
    void paddingReachesEveryPre40SizeFromItsMinimum() {
        Message m = Message.gossip(3, 3, syn());
        int base = m.serializedSize(MessagingVersion.V11);
        int min = base + Pre40Messages.paramSize(Padding.PARAM_TYPE, 0);
        for (int target = min; target < min + 300; target++) {
            Message p = Padding.toSize(m, target, MessagingVersion.V11);
            assertEquals(target, p.serializedSize(MessagingVersion.V11));
            assertEquals(target, encode(Pre40Messages.toLegacy(p, FROM), MessagingVersion.V11).length);
        }
        assertThrows(IllegalArgumentException.class, () -> Padding.toSize(m, min - 1, MessagingVersion.V11));
        assertEquals(base, Padding.toSize(m, base, MessagingVersion.V11).serializedSize(MessagingVersion.V11));
    }
}
