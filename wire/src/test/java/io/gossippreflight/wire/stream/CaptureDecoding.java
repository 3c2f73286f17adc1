package io.gossippreflight.wire.stream;

import io.gossippreflight.wire.InternodeMessage;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.Frame;
import io.gossippreflight.wire.frame.Lz4FrameFormat;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.gossippreflight.wire.pcap.PcapReader;
import io.gossippreflight.wire.pcap.TcpStreams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
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
    int lz4Frames;
    int lz4Compressed;
    int lz4FramesReencodedIdentical;
    int streamingConnections;
    long streamingBytes;
    long gapBytes;
    final Map<String, Integer> verbs = new TreeMap<>();
    final Map<String, Integer> connectionTypes = new TreeMap<>();
    /** Messaging versions in use, per direction of each connection that completed a handshake. */
    final Map<Integer, Integer> versions = new TreeMap<>();
    final List<String> problems = new ArrayList<>();
    final List<String> truncations = new ArrayList<>();
    final List<StreamEvent.MessageSeen> messageEvents = new ArrayList<>();
    final List<io.gossippreflight.wire.handshake.Initiate> initiates = new ArrayList<>();

    static CaptureDecoding of(Path pcap) throws IOException {
        CaptureDecoding d = new CaptureDecoding();
        for (TcpStreams.Connection c : TcpStreams.connections(PcapReader.tcpSegments(pcap))) {
            d.connection(c);
        }
        return d;
    }

    private void connection(TcpStreams.Connection c) {
        connections++;
        MessagingVersion[] fwdVersion = new MessagingVersion[1];
        List<StreamEvent> fwd = decode(c.forward(), StreamOptions.DEFAULT.withKeepMessageBytes(true), fwdVersion);
        io.gossippreflight.wire.handshake.Initiate init = fwd.stream()
                .filter(e -> e instanceof StreamEvent.InitiateSeen).map(e -> ((StreamEvent.InitiateSeen) e).initiate())
                .findFirst().orElse(null);
        if (init != null) {
            initiates.add(init);
            connectionTypes.merge(init.type() + "/" + init.framing(), 1, Integer::sum);
            if (init.type().isStreaming()) {
                streamingConnections++;
            }
        }
        MessagingVersion[] bwdVersion = new MessagingVersion[1];
        List<StreamEvent> bwd = decode(c.backward(), StreamOptions.DEFAULT.withKeepMessageBytes(true).withPeerInitiate(init),
                bwdVersion);
        // the initiator's side is read at the version the acceptor chose, as the peer reads it
        MessagingVersion used = bwdVersion[0] != null ? bwdVersion[0] : fwdVersion[0];
        if (used != null && init != null && !init.type().isStreaming()) {
            versions.merge(used.id(), 1, Integer::sum);
        }
        tally(c + " (initiator side)", fwd, bytesOf(c.forward()), used);
        tally(c + " (acceptor side)", bwd, bytesOf(c.backward()), used);
    }

    private static List<StreamEvent> decode(TcpStreams.Direction d, StreamOptions options, MessagingVersion[] version) {
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
        version[0] = dec.version();
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

    private void tally(String where, List<StreamEvent> events, byte[] stream, MessagingVersion version) {
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
                if (f.framing() == io.gossippreflight.wire.handshake.Framing.LZ4) {
                    lz4Frame(where, f, stream);
                }
            } else if (e instanceof StreamEvent.MessageSeen m) {
                messages++;
                messageEvents.add(m);
                verbs.merge(m.message().verbName(), 1, Integer::sum);
                if (m.payloadError() != null) {
                    problems.add(where + " @" + m.offset() + " payload: " + m.payloadError());
                }
                if (stream != null && m.messageOffset() >= 0 && m.end() <= stream.length
                        && !Arrays.equals(m.bytes(), Arrays.copyOfRange(stream, (int) m.messageOffset(),
                                (int) m.messageOffset() + m.size()))) {
                    problems.add(where + " @" + m.offset() + " offset does not point at the message bytes");
                }
                if (Arrays.equals(m.bytes(), reencode(m.message(), version == null ? MessagingVersion.V12 : version))) {
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

    /**
     * An LZ4 frame as captured is what our encoder writes for its decompressed payload: the same
     * compressor (lz4-java's fast compressor, Cassandra 5.0.9 FrameEncoderLZ4.fastInstance), header and checksum.
     */
    private void lz4Frame(String where, StreamEvent.FrameSeen f, byte[] stream) {
        lz4Frames++;
        if (stream == null || f.offset() + f.wireLength() > stream.length || !f.crcValid()) {
            return;
        }
        ByteBuf captured = Unpooled.wrappedBuffer(stream, (int) f.offset(), f.wireLength());
        Lz4FrameFormat lz4 = Lz4FrameFormat.INSTANCE;
        long header = lz4.readHeader(captured, 0);
        if (((header >>> 17) & 0x1FFFF) != 0) {
            lz4Compressed++;
        }
        Frame frame = lz4.unpack(captured, 0, header, UnpooledByteBufAllocator.DEFAULT);
        ByteBuf again = lz4.encode(frame.payload(), frame.isSelfContained(), UnpooledByteBufAllocator.DEFAULT);
        try {
            if (ByteBufUtil.equals(captured, 0, again, 0, f.wireLength()) && again.readableBytes() == f.wireLength()) {
                lz4FramesReencodedIdentical++;
            } else {
                problems.add(where + " @" + f.offset() + " LZ4 frame does not re-encode identically");
            }
        } finally {
            again.release();
            frame.release();
        }
    }

    static byte[] reencode(InternodeMessage m, MessagingVersion version) {
        ByteBuf b = Unpooled.buffer();
        try {
            MessageSerializer.serialize((Message) m, b, version);
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
                + " reencoded=" + reencodedIdentical + " versions=" + versions + " lz4Frames=" + lz4Frames + " lz4Compressed="
                + lz4Compressed + " lz4Reencoded=" + lz4FramesReencodedIdentical + " streamingConns=" + streamingConnections + " streamingBytes="
                + streamingBytes + " types=" + connectionTypes + " verbs=" + verbs + "\n  truncations=" + truncations
                + "\n  problems=" + problems;
    }
}
