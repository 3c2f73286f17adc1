package io.gossippreflight.analyzer.gossip;

import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.pass.TcpPayloadListener;
import io.gossippreflight.wire.InternodeMessage;
import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.stream.StreamDecoder;
import io.gossippreflight.wire.stream.StreamEvent;
import io.gossippreflight.wire.stream.StreamOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles every internode connection of one capture (the gossip port, or any connection
 * that opens with the protocol magic) and decodes it with the wire module's socket-less stream
 * decoder. Keeps a compact record per message, bounded per capture. A connection whose first
 * bytes are a TLS handshake record (internode encryption) is counted and not decoded.
 */
public final class GossipStreams implements TcpPayloadListener {
    static final long MAX_PENDING_PER_DIRECTION = 4L << 20;
    /** Out-of-order segments one direction may hold (1-byte segments must not pile up by the million). */
    static final int MAX_PENDING_SEGMENTS_PER_DIRECTION = 4096;
    /**
     * Bytes fed while the decoder searches for a frame, after which a direction is given up: a
     * valid stream shows a frame within one frame's length (128 KiB) of anywhere, so twice that
     * means the bytes are not the internode protocol (random, TLS, an unknown version).
     */
    static final long MAX_SCAN_BYTES = 256L << 10;
    static final int MAX_MESSAGES = 200_000;
    /** Each decoder may hold a frame (128 KiB): this bounds their memory together. */
    static final int MAX_DIRECTIONS = 1024;
    /** Cassandra's legacy TLS-only internode port (ssl_storage_port, Cassandra 5.0.9 config/Config.java). */
    static final int LEGACY_TLS_PORT = 7001;
    /** The largest TLS record body: 2^14 plus the ciphertext expansion TLS 1.2 allows (RFC 5246 6.2.3). */
    static final int MAX_TLS_RECORD = 16384 + 2048;
    /** {@link TcpFlow#attachment} of a connection that opened with TLS. */
    private static final Object TLS = new Object();
    /** {@link TcpFlow#attachment} of a flow on the legacy TLS port, not yet known to be TLS. */
    private static final Object TLS_CANDIDATE = new Object();

    private final int port;
    // insertion order: finishing (and the message cap) does not depend on how points are numbered
    private final Map<Long, Direction> directions = new LinkedHashMap<>();
    private int messages;
    private long dropped;
    private long undecodedDirections;
    private long tlsConnections;
    private long gaveUp;
    private final ReassemblyBudget budget;
    private final StreamOptions options;
    private final byte[] scratch = new byte[262_144];

    public GossipStreams(int port) {
        this(port, ReassemblyBudget.forHeap());
    }

    /** {@code budget} may be shared by the streams of several captures (one analysis). */
    public GossipStreams(int port, ReassemblyBudget budget) {
        this.port = port;
        this.budget = budget;
        DecoderLimits l = StreamOptions.DEFAULT.limits();
        this.options = StreamOptions.DEFAULT.withLimits(new DecoderLimits(budget.maxMessageSize(l.maxMessageSize()),
                l.maxCollection(), l.maxStringBytes()));
    }

    /** A message's first byte; inside an LZ4 frame only its frame's start is known. */
    private static long messageStart(StreamEvent.MessageSeen m) {
        return m.messageOffset() >= 0 ? m.messageOffset() : m.offset();
    }

    /** One direction's decoding state and results. */
    public final class Direction implements StreamReassembler.Sink {
        private final StreamReassembler reassembler = new StreamReassembler(this, MAX_PENDING_PER_DIRECTION,
                MAX_PENDING_SEGMENTS_PER_DIRECTION, budget);
        private final StreamDecoder decoder;
        private final List<GossipMessage> decoded = new ArrayList<>();
        private long time;
        private int desyncs;
        private int malformed;
        private String firstMalformed;
        private long streamingBytes;
        private Initiate initiate;
        /** Decoder buffers charged to the budget. */
        private long charged;
        /** Bytes fed since the decoder lost its place, or -1 while it has it. */
        private long scanning = -1;
        /** Why decoding of this direction stopped, or null. */
        private String gaveUpReason;
        private long gaveUpAt;

        Direction() {
            decoder = new StreamDecoder(options, this::event);
        }

        @Override
        public void data(byte[] bytes, int offset, int length, long timeNanos) {
            if (gaveUpReason != null) {
                return; // given up while the reassembler was passing on what waited
            }
            time = timeNanos;
            decoder.feed(io.netty.buffer.Unpooled.wrappedBuffer(bytes, offset, length));
            if (scanning >= 0) {
                scanning += length;
            }
        }

        @Override
        public void gap(long length) {
            if (gaveUpReason == null) {
                decoder.gap(length);
            }
        }

        /** After each segment: charge the decoder's buffers, and stop where decoding cannot pay. */
        void settle() {
            if (gaveUpReason != null) {
                return;
            }
            if (scanning > MAX_SCAN_BYTES) {
                giveUp("no internode frame found in " + scanning + " bytes: not the internode protocol (TLS, another"
                        + " protocol or an unknown version)");
                return;
            }
            long now = decoder.retainedBytes();
            if (now != charged) {
                budget.add(now - charged);
                charged = now;
            }
            if (budget.over()) {
                giveUp("over the memory budget for reassembly (" + (budget.max() >> 20) + " MiB over all connections;"
                        + " a larger heap raises it: PREFLIGHT_JAVA_OPTS=-Xmx2g)");
            }
        }

        /** Stops decoding this direction and frees what it holds; messages already decoded stay. */
        private void giveUp(String why) {
            gaveUpReason = why;
            gaveUpAt = decoder.offset();
            gaveUp++;
            release();
        }

        /** Frees what this direction holds and gives it back to the budget. */
        private void release() {
            reassembler.discard();
            decoder.finish();
            budget.add(-charged);
            charged = 0;
        }

        private void event(StreamEvent e) {
            if (e instanceof StreamEvent.MessageSeen m) {
                if (messages >= MAX_MESSAGES) {
                    dropped++;
                    return;
                }
                messages++;
                // inside LZ4 frames the message's own bytes are not on the wire: its frames' end is where it ends
                long end = m.messageOffset() < 0 ? m.end() : Math.max(m.end(), messageStart(m) + m.size());
                decoded.add(compact(m, end, time));
            } else if (e instanceof StreamEvent.InitiateSeen i) {
                initiate = i.initiate();
            } else if (e instanceof StreamEvent.Desynced) {
                desyncs++;
                scanning = 0;
            } else if (e instanceof StreamEvent.Resynced) {
                scanning = -1;
            } else if (e instanceof StreamEvent.Malformed m) {
                if (malformed++ == 0) {
                    firstMalformed = m.reason();
                }
            } else if (e instanceof StreamEvent.StreamingBytes s) {
                streamingBytes += s.length();
            }
        }

        void finish() {
            if (gaveUpReason == null) {
                reassembler.finish();
                decoder.finish();
                budget.add(-charged);
                charged = 0;
            }
        }

        /** Why decoding stopped early (the messages before it were kept), or null. */
        public String gaveUp() {
            return gaveUpReason;
        }

        /** Stream offset where decoding stopped, when it {@link #gaveUp()}. */
        public long gaveUpAt() {
            return gaveUpAt;
        }

        /** The first malformed structure's description, or null. */
        public String firstMalformed() {
            return firstMalformed;
        }

        public List<GossipMessage> messages() {
            return decoded;
        }

        public int desyncs() {
            return desyncs;
        }

        public int malformed() {
            return malformed;
        }

        public long streamingBytes() {
            return streamingBytes;
        }

        /** The handshake this direction opened with, or null. */
        public Initiate initiate() {
            return initiate;
        }
    }

    static GossipMessage compact(StreamEvent.MessageSeen m, long end, long time) {
        InternodeMessage msg = m.message();
        Payload p = msg.payload();
        int digests = -1;
        int states = -1;
        String cluster = null;
        String partitioner = null;
        if (p instanceof GossipDigestSyn s) {
            digests = s.digests().size();
            cluster = s.clusterName();
            partitioner = s.partitioner();
        } else if (p instanceof GossipDigestAck a) {
            digests = a.digests().size();
            states = a.states().size();
        } else if (p instanceof GossipDigestAck2 a2) {
            states = a2.states().size();
        } else if (p instanceof GossipShutdown sh) {
            states = sh.state() == null ? 0 : 1;
        }
        return new GossipMessage(messageStart(m), end, time, msg.verbName(), msg.id(), m.size(), digests, states, cluster,
                partitioner, m.payloadError());
    }

    static long key(int point, long serial, int dir) {
        return ((long) point << 40) | (serial << 1) | dir;
    }

    @Override
    public void onPayload(TcpDirection d, long relStart, Packet p, ByteBuffer data, long timeNanos) {
        TcpFlow f = d.flow();
        Object verdict = f.attachment;
        if (verdict == Boolean.FALSE || verdict == TLS) {
            return;
        }
        if (verdict == null) {
            boolean internode = f.serverPort() == port || f.clientPort() == port
                    || relStart == 0 && p.payloadCaptured >= 4 && data.getInt(p.payloadOffset) == Initiate.PROTOCOL_MAGIC;
            boolean legacyTls = !internode && (f.serverPort() == LEGACY_TLS_PORT || f.clientPort() == LEGACY_TLS_PORT);
            verdict = internode ? Boolean.TRUE : legacyTls ? TLS_CANDIDATE : Boolean.FALSE;
            f.attachment = verdict;
        }
        if (relStart == 0 && tlsRecord(data, p.payloadOffset, p.payloadCaptured)) {
            f.attachment = TLS;
            tlsConnections++;
            for (int i = 0; i < 2; i++) { // nothing of it is internode protocol
                Direction gone = directions.remove(key(f.point(), f.serial(), i));
                if (gone != null) {
                    gone.release();
                }
            }
            return;
        }
        if (verdict != Boolean.TRUE) {
            return; // the legacy TLS port carries nothing else worth decoding
        }
        long k = key(f.point(), f.serial(), d.index());
        Direction dir = directions.get(k);
        if (dir == null) {
            if (directions.size() >= MAX_DIRECTIONS) {
                undecodedDirections++;
                f.attachment = Boolean.FALSE;
                return;
            }
            dir = new Direction();
            directions.put(k, dir);
        }
        if (dir.gaveUpReason != null) {
            return;
        }
        int n = Math.min(p.payloadCaptured, scratch.length);
        data.get(p.payloadOffset, scratch, 0, n);
        dir.reassembler.segment(relStart, scratch, n, p.payloadLength, timeNanos);
        dir.settle();
    }

    /**
     * True when a payload starts with a TLS handshake record header (RFC 8446 5.1: content type
     * 22, version 3.0-3.4, a length no record may exceed) and, when captured, a ClientHello or
     * ServerHello. Fewer than 5 captured bytes cannot tell, and say no.
     */
    static boolean tlsRecord(ByteBuffer data, int offset, int captured) {
        if (captured < 5 || data.get(offset) != 0x16 || data.get(offset + 1) != 3 || (data.get(offset + 2) & 0xff) > 4) {
            return false;
        }
        int length = data.getShort(offset + 3) & 0xffff;
        if (length < 4 || length > MAX_TLS_RECORD) {
            return false;
        }
        return captured == 5 || data.get(offset + 5) == 1 || data.get(offset + 5) == 2;
    }

    /** True when this connection opened with a TLS handshake (internode encryption). */
    public static boolean usesTls(TcpFlow f) {
        return f.attachment == TLS;
    }

    /** Connections (at any point of this capture) that opened with a TLS handshake, not decoded. */
    public long tlsConnections() {
        return tlsConnections;
    }

    /** Renumbers points as {@link io.gossippreflight.analyzer.pass.CaptureResult#shiftPoints} does. */
    public void shiftPoints(int base) {
        if (base == 0) {
            return;
        }
        Map<Long, Direction> moved = new LinkedHashMap<>();
        for (Map.Entry<Long, Direction> e : directions.entrySet()) {
            moved.put(e.getKey() + ((long) base << 40), e.getValue());
        }
        directions.clear();
        directions.putAll(moved);
    }

    @Override
    public void finish() {
        for (Direction d : directions.values()) {
            d.finish();
        }
    }

    /** Decoding results for one flow direction at one point, or null when it was not internode. */
    public Direction direction(TcpDirection d) {
        return directions.get(key(d.flow().point(), d.flow().serial(), d.index()));
    }

    public long dropped() {
        return dropped;
    }

    /** Directions whose decoding stopped early (see {@link Direction#gaveUp()}). */
    public long gaveUp() {
        return gaveUp;
    }

    /** Internode connection directions beyond the decoding cap (counted, not decoded). */
    public long undecodedDirections() {
        return undecodedDirections;
    }
}
