package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.analyzer.testing.Scenario;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Padding;
import io.gossippreflight.wire.message.Pre40Messages;
import io.gossippreflight.wire.frame.Lz4BlockFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3.x connection (messaging 11) in a capture, plain and with internode_compression (its message
 * stream in LZ4 blocks, as Cassandra 3.11.19 net/OutboundTcpConnection writes it; the bytes are
 * checked against lz4-java's LZ4BlockOutputStream in wire's Pre40GoldenTest): every message is
 * decoded with its verb and size, the compressed one as well as the plain one.
 */
class AnalyzerPre40Test {
    private static final InetAddressAndPort FROM = InetAddressAndPort.parse("198.18.2.2", 7000);

    @TempDir
    Path dir;

    private static List<Message> messages() {
        List<Message> ms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            GossipDigestSyn syn = new GossipDigestSyn("Test Cluster", "org.apache.cassandra.dht.Murmur3Partitioner",
                    List.of(new GossipDigest(InetAddressAndPort.parse("198.18.1." + (i + 1), 7000), 1_700_000_000, i)));
            Message m = Message.gossip(100 + i, 5_000 + i, syn);
            // one larger than a 16 KiB block: it spans blocks
            ms.add(i == 2 ? Padding.toSize(m, 30_000, MessagingVersion.V11) : m);
        }
        return ms;
    }

    private static byte[] stream(List<Message> ms, boolean compressed) {
        ByteBuf b = Unpooled.buffer();
        Initiate.legacy(MessagingVersion.V11, compressed, false).encode(b);
        new ConfirmOutboundPre40(11, FROM).encode(b);
        for (Message m : ms) {
            ByteBuf one = Unpooled.buffer();
            LegacyMessageSerializer.serialize(Pre40Messages.toLegacy(m, FROM), one, MessagingVersion.V11);
            byte[] bytes = new byte[one.readableBytes()];
            one.readBytes(bytes);
            if (compressed) {
                Lz4BlockFormat.encode(bytes, b); // one flush per message
            } else {
                b.writeBytes(bytes);
            }
        }
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private AnalysisReport analyze(byte[] stream) throws Exception {
        Scenario s = new Scenario("a", "b");
        s.handshake(1460, 1460, "a", "b");
        s.bytesB(0, 0, new byte[] {0, 0, 0, 11}, "a", "b"); // the 3.x acceptor's version
        for (int off = 0; off < stream.length; off += 1400) {
            byte[] seg = java.util.Arrays.copyOfRange(stream, off, Math.min(stream.length, off + 1400));
            s.bytesA(off, 4, seg, "a", "b");
        }
        s.ackB(stream.length, "a", "b");
        return s.analyze(dir);
    }

    private void decodesEveryMessage(boolean compressed) throws Exception {
        List<Message> ms = messages();
        AnalysisReport r = analyze(stream(ms, compressed));
        // the only note: b's answers are not in this capture (the SYNs were read, so their cluster is known)
        assertTrue(r.gossipNotes().stream().allMatch(n -> n.contains("received 4 gossip SYNs")), r.gossipNotes().toString());
        List<MessageInfo> seen = r.messages().stream().filter(m -> m.id() >= 100 && m.id() < 104).toList();
        assertEquals(ms.size(), seen.stream().mapToLong(MessageInfo::id).distinct().count(), r.messages().toString());
        for (Message m : ms) {
            int size = LegacyMessageSerializer.serializedSize(Pre40Messages.toLegacy(m, FROM), MessagingVersion.V11);
            for (MessageInfo i : seen.stream().filter(i -> i.id() == m.id()).toList()) {
                assertEquals("GOSSIP_DIGEST_SYN", i.verb());
                assertEquals(size, i.size(), "message " + m.id());
                assertEquals(null, i.payloadError());
                assertTrue(i.delivered(), "message " + m.id());
            }
        }
    }

    @Test
    void aPlain3xConnectionIsDecoded() throws Exception {
        decodesEveryMessage(false);
    }

    @Test
    void aCompressed3xConnectionIsDecodedThroughItsLz4Blocks() throws Exception {
        decodesEveryMessage(true);
    }
}
