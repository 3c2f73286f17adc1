package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.LegacyParam;
import io.gossippreflight.wire.message.LegacyVerb;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Test helper: pre-4.0 messages as a 3.11 node sends them, and byte plumbing between embedded channels. */
final class LegacyFixtures {
    static final InetAddressAndPort NODE3 = InetAddressAndPort.parse("198.18.3.3", InetAddressAndPort.DEFAULT_PORT);
    static final InetAddressAndPort NODE3_V6 = InetAddressAndPort.parse("2001:db8::33", InetAddressAndPort.DEFAULT_PORT);

    private LegacyFixtures() {
    }

    /** SYN, ACK, ACK2, ECHO, GOSSIP_SHUTDOWN with a param, REQUEST_RESPONSE, repeated {@code n} times round. */
    static List<LegacyMessage> messages(MessagingVersion v, InetAddressAndPort from, int endpoints, int tokens, int rounds) {
        SyntheticCluster c = SyntheticCluster.builder().endpoints(endpoints).tokensPerEndpoint(tokens)
                .table(ApplicationStateTable.CASSANDRA_3).releaseVersion("3.11.19").netVersion(v)
                .firstAddress(InetAddressAndPort.parse("198.18.1.2", InetAddressAndPort.DEFAULT_PORT)).build();
        List<LegacyMessage> out = new ArrayList<>();
        int id = 0;
        for (int r = 0; r < rounds; r++) {
            out.add(new LegacyMessage(id++, 5000 + id, from, LegacyVerb.GOSSIP_DIGEST_SYN, c.syn()));
            out.add(new LegacyMessage(id++, 5000 + id, from, LegacyVerb.GOSSIP_DIGEST_ACK, c.shadowAck()));
            out.add(new LegacyMessage(id++, 5000 + id, from, LegacyVerb.GOSSIP_DIGEST_ACK2, c.ack2()));
            out.add(new LegacyMessage(id++, 5000 + id, from, LegacyVerb.ECHO, NoPayload.INSTANCE));
            out.add(new LegacyMessage(id++, 5000 + id, from, LegacyVerb.GOSSIP_SHUTDOWN.ordinal(),
                    List.of(new LegacyParam("TraceSession", new byte[16])), GossipShutdown.EMPTY));
            out.add(new LegacyMessage(id++, 5000 + id, from, LegacyVerb.REQUEST_RESPONSE, NoPayload.INSTANCE));
        }
        return out;
    }

    /** Everything the channel wrote, concatenated (released). */
    static byte[] outbound(EmbeddedChannel ch) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return all.toByteArray();
    }

    static List<Object> inbound(EmbeddedChannel ch) {
        List<Object> got = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            got.add(o);
        }
        return got;
    }
}
