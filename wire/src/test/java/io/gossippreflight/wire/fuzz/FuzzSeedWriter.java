package io.gossippreflight.wire.fuzz;

import io.gossippreflight.fixtures.FixtureFiles;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.frame.Lz4FrameFormat;
import io.gossippreflight.wire.frame.MessageFramer;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.gossippreflight.wire.pcap.PcapReader;
import io.gossippreflight.wire.pcap.TcpStreams;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpus from the real captures: run with -Dgp.writeFuzzSeeds=true (not part of
 * the normal build). Seeds: whole frames of each verb, frame runs, the start of connections.
 */
@EnabledIfSystemProperty(named = "gp.writeFuzzSeeds", matches = "true")
class FuzzSeedWriter {
    @Test
    void write() throws Exception {
        Path root = FixtureFiles.repoRoot().resolve("wire/src/test/resources/io/gossippreflight/wire/fuzz/WireFuzzTestInputs");
        Set<String> seenVerbSizes = new LinkedHashSet<>();
        int n = 0;
        for (String file : List.of("two-node-join-a.pcap", "control-pmtud-icmp-allowed-a.pcap")) {
            for (TcpStreams.Connection c : TcpStreams.connections(PcapReader.tcpSegments(
                    FixtureFiles.capture("cassandra-5.0.9/" + file)))) {
                byte[] fwd = concat(c.forward());
                if (fwd.length < 19) {
                    continue;
                }
                write(root.resolve("streamDecoder"), "conn-" + (n) + ".bin", Arrays.copyOf(fwd, Math.min(fwd.length, 4000)));
                byte[] bwd = concat(c.backward());
                if (bwd.length > 0) {
                    write(root.resolve("streamDecoder"), "accept-" + n + ".bin", Arrays.copyOf(bwd, Math.min(bwd.length, 200)));
                }
                n++;
                // frames after the 19-byte Initiate (CRC framing in these captures)
                int i = 19;
                while (i + 6 <= fwd.length && (fwd[7] & 0x08) == 0) {
                    int len = (fwd[i] & 0xFF) | ((fwd[i + 1] & 0xFF) << 8) | ((fwd[i + 2] & 0x01) << 16);
                    int end = i + 6 + len + 4;
                    if (end > fwd.length) {
                        break;
                    }
                    byte[] frame = Arrays.copyOfRange(fwd, i, end);
                    int verb = frame[6 + 1 + 4 + 3] & 0xFF; // id, createdAt, expiresIn(3 bytes for 300000)
                    String key = verb + ":" + (len / 2000);
                    if (seenVerbSizes.add(key)) {
                        write(root.resolve("crcFrameAndMessageDecoders"), "frame-" + key.replace(':', '-') + ".bin", frame);
                        write(root.resolve("messageSerializer"), "message-" + key.replace(':', '-') + ".bin",
                                Arrays.copyOfRange(frame, 6, 6 + len));
                    }
                    i = end;
                }
            }
        }
        // synthetic: a large message over small non-self-contained frames, CRC and LZ4
        Message large = Message.gossip(5, 1000, SyntheticCluster.builder().endpoints(2).tokensPerEndpoint(8).build().shadowAck());
        write(root.resolve("crcFrameAndMessageDecoders"), "large-split.bin", frames(new MessageFramer(CrcFrameFormat.INSTANCE,
                MessagingVersion.V12, UnpooledByteBufAllocator.DEFAULT, new io.gossippreflight.wire.frame.FramingPolicy(200, 200)).frameLarge(large)));
        write(root.resolve("lz4FrameAndMessageDecoders"), "large-split.bin", frames(new MessageFramer(Lz4FrameFormat.INSTANCE,
                MessagingVersion.V12, UnpooledByteBufAllocator.DEFAULT, new io.gossippreflight.wire.frame.FramingPolicy(200, 200)).frameLarge(large)));
        write(root.resolve("lz4FrameAndMessageDecoders"), "batch.bin", frames(new MessageFramer(Lz4FrameFormat.INSTANCE,
                MessagingVersion.V12, UnpooledByteBufAllocator.DEFAULT).frame(List.of(large, large.withId(6)))));
        ByteBuf legacy = Unpooled.buffer();
        io.gossippreflight.wire.message.LegacyMessageSerializer.serialize(new io.gossippreflight.wire.message.LegacyMessage(1, 2,
                io.gossippreflight.wire.gossip.InetAddressAndPort.parse("198.18.1.2", 7000),
                io.gossippreflight.wire.message.LegacyVerb.GOSSIP_DIGEST_SYN,
                SyntheticCluster.builder().endpoints(2).table(io.gossippreflight.wire.gossip.ApplicationStateTable.CASSANDRA_3).build()
                        .syn()), legacy, MessagingVersion.V11);
        write(root.resolve("messageSerializer"), "legacy-syn.bin", ByteBufUtil.getBytes(legacy));
        write(root.resolve("streamDecoder"), "legacy-syn.bin", ByteBufUtil.getBytes(legacy));
        ByteBuf m = Unpooled.buffer();
        MessageSerializer.serialize(large, m, MessagingVersion.V12);
        write(root.resolve("messageSerializer"), "shadow-ack.bin", ByteBufUtil.getBytes(m));
    }

    /** Seeds of the acceptor target: pre-4.0 connections (plain, LZ4Block, IPv6) and real 4.0+ connection starts. */
    @Test
    void acceptorSeeds() throws Exception {
        Path root = FixtureFiles.repoRoot().resolve("wire/src/test/resources/io/gossippreflight/wire/fuzz/WireFuzzTestInputs");
        Path dir = root.resolve("handshakeAcceptor");
        SyntheticCluster c = SyntheticCluster.builder().endpoints(2).tokensPerEndpoint(4)
                .table(io.gossippreflight.wire.gossip.ApplicationStateTable.CASSANDRA_3).releaseVersion("3.11.19").build();
        for (MessagingVersion v : List.of(MessagingVersion.V10, MessagingVersion.V11)) {
            for (boolean compressed : new boolean[] {false, true}) {
                io.gossippreflight.wire.gossip.InetAddressAndPort from = io.gossippreflight.wire.gossip.InetAddressAndPort.parse(
                        v == MessagingVersion.V10 ? "2001:db8::3" : "198.18.3.3", 7000);
                ByteBuf b = Unpooled.buffer();
                io.gossippreflight.wire.handshake.Initiate.legacy(v, compressed, false).encode(b);
                new io.gossippreflight.wire.handshake.ConfirmOutboundPre40(v.id(), from).encode(b);
                ByteBuf plain = Unpooled.buffer();
                int id = 0;
                for (io.gossippreflight.wire.Payload p : List.of(c.syn(), c.shadowAck(), c.ack2())) {
                    io.gossippreflight.wire.message.LegacyVerb verb = p instanceof io.gossippreflight.wire.gossip.GossipDigestSyn
                            ? io.gossippreflight.wire.message.LegacyVerb.GOSSIP_DIGEST_SYN
                            : p instanceof io.gossippreflight.wire.gossip.GossipDigestAck
                            ? io.gossippreflight.wire.message.LegacyVerb.GOSSIP_DIGEST_ACK
                            : io.gossippreflight.wire.message.LegacyVerb.GOSSIP_DIGEST_ACK2;
                    io.gossippreflight.wire.message.LegacyMessageSerializer.serialize(
                            new io.gossippreflight.wire.message.LegacyMessage(id++, 1000, from, verb, p), plain, v);
                }
                if (compressed) {
                    io.gossippreflight.wire.frame.Lz4BlockFormat.encode(ByteBufUtil.getBytes(plain), b);
                } else {
                    b.writeBytes(plain);
                }
                plain.release();
                write(dir, "legacy-" + v.id() + (compressed ? "-lz4" : "-plain") + ".bin", ByteBufUtil.getBytes(b));
                b.release();
            }
        }
        for (String real : List.of("conn-0.bin", "conn-1.bin")) {
            write(dir, "modern-" + real, Files.readAllBytes(root.resolve("streamDecoder").resolve(real)));
        }
    }

    private static byte[] frames(List<ByteBuf> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf f : frames) {
            out.writeBytes(ByteBufUtil.getBytes(f));
            f.release();
        }
        return out.toByteArray();
    }

    private static byte[] concat(TcpStreams.Direction d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TcpStreams.Piece p : d.pieces()) {
            if (p.bytes() == null) {
                break;
            }
            out.writeBytes(p.bytes());
        }
        return out.toByteArray();
    }

    private static void write(Path dir, String name, byte[] bytes) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
