package io.gossippreflight.wire.stream;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.frame.MessageFramer;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Test helper: initiator-side byte streams built with our own encoders. */
final class SyntheticStreams {
    static final InetAddressAndPort FROM = InetAddressAndPort.parse("198.18.2.2", 7000);

    /** A stream plus where each frame starts. */
    record Built(byte[] bytes, List<Integer> frameStarts, List<Message> messages) {
    }

    static List<Message> gossipMessages(int n, int endpoints, int tokens) {
        SyntheticCluster c = SyntheticCluster.builder().endpoints(endpoints).tokensPerEndpoint(tokens).build();
        List<Message> out = new ArrayList<>();
        long now = 1_763_000_000_000L;
        for (int i = 0; i < n; i++) {
            switch (i % 4) {
                case 0 -> out.add(Message.gossip(i, now + i, c.syn()));
                case 1 -> out.add(Message.gossip(i, now + i, c.shadowAck()));
                case 2 -> out.add(Message.gossip(i, now + i, c.ack2()));
                default -> out.add(new Message(i, (int) now, 10_000, Verb.ECHO_REQ, NoPayload.INSTANCE));
            }
        }
        return out;
    }

    /** Initiate, then each group of messages framed together (a group larger than a frame is split). */
    static Built initiatorStream(Framing framing, List<List<Message>> groups, io.gossippreflight.wire.frame.FramingPolicy policy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf hs = Unpooled.buffer();
        Initiate.modern(MessagingVersion.V12, MessagingVersion.V12, ConnectionType.URGENT_MESSAGES, framing, FROM).encode(hs);
        out.writeBytes(ByteBufUtil.getBytes(hs));
        hs.release();
        MessageFramer framer = new MessageFramer(FrameFormat.of(framing), MessagingVersion.V12, UnpooledByteBufAllocator.DEFAULT,
                policy);
        List<Integer> starts = new ArrayList<>();
        List<Message> all = new ArrayList<>();
        for (List<Message> g : groups) {
            all.addAll(g);
            for (ByteBuf f : framer.frame(g)) {
                starts.add(out.size());
                out.writeBytes(ByteBufUtil.getBytes(f));
                f.release();
            }
        }
        return new Built(out.toByteArray(), starts, all);
    }

    static List<StreamEvent> decode(byte[] bytes, int chunk, StreamOptions options) {
        List<StreamEvent> events = new ArrayList<>();
        StreamDecoder d = new StreamDecoder(options, events::add);
        for (int i = 0; i < bytes.length; i += chunk) {
            d.feed(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
        }
        d.finish();
        return events;
    }

    static List<Message> messages(List<StreamEvent> events) {
        return events.stream().filter(e -> e instanceof StreamEvent.MessageSeen).map(e -> (Message) ((StreamEvent.MessageSeen) e).message())
                .toList();
    }

    static <T extends StreamEvent> List<T> of(List<StreamEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
