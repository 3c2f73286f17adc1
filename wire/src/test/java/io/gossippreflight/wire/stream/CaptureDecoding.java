package io.gossippreflight.wire.stream;

import io.gossippreflight.wire.InternodeMessage;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.gossippreflight.wire.pcap.PcapReader;
import io.gossippreflight.wire.pcap.TcpStreams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helper: decodes every TCP connection of a capture with {@link StreamDecoder}s and tallies. */
final class CaptureDecoding {
    int connections;
    int handshakes;
    int accepts;
    int frames;
    int crcValidFrames;
    int selfContainedFrames;
    int messages;
    int reencodedIdentical;
    int streamingConnections;
    long streamingBytes;
    long gapBytes;
    final Map<String, Integer> verbs = new TreeMap<>();
    final Map<String, Integer> connectionTypes = new TreeMap<>();
    final List<String> problems = new ArrayList<>();
    final List<String> truncations = new ArrayList<>();
    final List<StreamEvent.MessageSeen> messageEvents = new ArrayList<>();

    static CaptureDecoding of(Path pcap) throws IOException {
        CaptureDecoding d = new CaptureDecoding();
        for (TcpStreams.Connection c : TcpStreams.connections(PcapReader.tcpSegments(pcap))) {
            d.connection(c);
        }
        return d;
    }

    private void connection(TcpStreams.Connection c) {
        connections++;
        List<StreamEvent> fwd = decode(c.forward(), StreamOptions.DEFAULT.withKeepMessageBytes(true));
        io.gossippreflight.wire.handshake.Initiate init = fwd.stream()
                .filter(e -> e instanceof StreamEvent.InitiateSeen).map(e -> ((StreamEvent.InitiateSeen) e).initiate())
                .findFirst().orElse(null);
        if (init != null) {
            connectionTypes.merge(init.type() + "/" + init.framing(), 1, Integer::sum);
            if (init.type().isStreaming()) {
                streamingConnections++;
            }
        }
        List<StreamEvent> bwd = decode(c.backward(), StreamOptions.DEFAULT.withKeepMessageBytes(true).withPeerInitiate(init));
        tally(c + " (initiator side)", fwd, bytesOf(c.forward()));
        tally(c + " (acceptor side)", bwd, bytesOf(c.backward()));
    }

    private static List<StreamEvent> decode(TcpStreams.Direction d, StreamOptions options) {
        List<StreamEvent> events = new ArrayList<>();
        StreamDecoder dec = new StreamDecoder(options, events::add);
        for (TcpStreams.Piece p : d.pieces()) {
            if (p.bytes() != null) {
                dec.feed(p.bytes());
            } else {
                dec.gap(p.gap());
            }
        }
        dec.finish();
        return events;
    }

    private static byte[] bytesOf(TcpStreams.Direction d) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (TcpStreams.Piece p : d.pieces()) {
            if (p.bytes() == null) {
                return null; // offsets past a gap are not checked here
            }
            out.writeBytes(p.bytes());
        }
        return out.toByteArray();
    }

    private void tally(String where, List<StreamEvent> events, byte[] stream) {
        for (StreamEvent e : events) {
            if (e instanceof StreamEvent.InitiateSeen) {
                handshakes++;
            } else if (e instanceof StreamEvent.AcceptSeen) {
                accepts++;
            } else if (e instanceof StreamEvent.FrameSeen f) {
                frames++;
                if (f.crcValid()) {
                    crcValidFrames++;
                }
                if (f.selfContained()) {
                    selfContainedFrames++;
                }
            } else if (e instanceof StreamEvent.MessageSeen m) {
                messages++;
                messageEvents.add(m);
                verbs.merge(m.message().verbName(), 1, Integer::sum);
                if (m.payloadError() != null) {
                    problems.add(where + " @" + m.offset() + " payload: " + m.payloadError());
                }
                if (stream != null && m.end() <= stream.length
                        && !Arrays.equals(m.bytes(), Arrays.copyOfRange(stream, (int) m.messageOffset(),
                                (int) m.messageOffset() + m.size()))) {
                    problems.add(where + " @" + m.offset() + " offset does not point at the message bytes");
                }
                if (Arrays.equals(m.bytes(), reencode(m.message()))) {
                    reencodedIdentical++;
                } else {
                    problems.add(where + " @" + m.offset() + " " + m.message().verbName() + " does not re-encode identically");
                }
            } else if (e instanceof StreamEvent.StreamingBytes s) {
                streamingBytes += s.length();
            } else if (e instanceof StreamEvent.GapSeen g) {
                gapBytes += g.length();
                problems.add(where + " @" + g.offset() + " gap " + g.length());
            } else if (e instanceof StreamEvent.Truncated t) {
                truncations.add(where + " @" + t.offset() + " " + t.reason());
            } else {
                problems.add(where + " " + e);
            }
        }
    }

    static byte[] reencode(InternodeMessage m) {
        ByteBuf b = Unpooled.buffer();
        try {
            MessageSerializer.serialize((Message) m, b, MessagingVersion.V12);
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    int verb(String name) {
        return verbs.getOrDefault(name, 0);
    }

    @Override
    public String toString() {
        return "connections=" + connections + " handshakes=" + handshakes + " accepts=" + accepts + " frames=" + frames
                + " crcValid=" + crcValidFrames + " selfContained=" + selfContainedFrames + " messages=" + messages
                + " reencoded=" + reencodedIdentical + " streamingConns=" + streamingConnections + " streamingBytes="
                + streamingBytes + " types=" + connectionTypes + " verbs=" + verbs + "\n  truncations=" + truncations
                + "\n  problems=" + problems;
    }
}
