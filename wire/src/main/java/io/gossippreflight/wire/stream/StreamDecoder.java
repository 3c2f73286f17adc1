package io.gossippreflight.wire.stream;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.frame.Frame;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes the bytes of one direction of one internode connection without a socket: feed it
 * reassembled TCP payload in order, tell it about gaps, and it reports handshakes, frames
 * (with checksum results), messages and trouble as {@link StreamEvent}s.
 *
 * <p>The direction is told by its first bytes: the protocol magic starts the initiator's side,
 * a version int the acceptor's. A stream that starts mid-connection is scanned for a frame whose
 * header and payload checksums both match. After a gap of known length inside one frame the
 * decoder skips to the next frame; otherwise it scans again, and says so.
 *
 * <p>Not thread-safe; one instance per direction. Memory held is bounded by the largest frame
 * (128 KiB) or, for a message spread over frames or a pre-4.0 message, by the message limit.
 */
public final class StreamDecoder {
    private enum State { START, INITIATE, ACCEPT, AFTER_ACCEPT, CONFIRM, FRAMES, RESYNC, LEGACY, STREAMING, DEAD }

    private static final int COMPACT_THRESHOLD = 1 << 16;

    private final StreamOptions options;
    private final Consumer<StreamEvent> sink;
    private final ByteBuf acc = Unpooled.buffer(4096);
    private final MessageAssembler assembler;
    private LegacyReader legacy;

    private State state = State.START;
    private long received;
    private long skipUntil = -1;
    private long resyncSkipped;
    private FrameFormat format;
    private MessagingVersion version;
    private boolean knownMessaging;
    private boolean finished;

    public StreamDecoder(StreamOptions options, Consumer<StreamEvent> sink) {
        this.options = Objects.requireNonNull(options, "options");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.assembler = new MessageAssembler(sink, options.limits(), options.keepMessageBytes());
    }

    /** Stream offset of the next byte to arrive. */
    public long offset() {
        return received;
    }

    /**
     * Bytes this decoder holds now: its input buffer and any large message being assembled. For
     * callers that keep many decoders under one memory budget.
     */
    public long retainedBytes() {
        return finished ? 0 : acc.capacity() + assembler.retainedBytes();
    }

    /** The messaging version in use, once known. */
    public MessagingVersion version() {
        return version;
    }

    public void feed(byte[] bytes) {
        feed(Unpooled.wrappedBuffer(bytes));
    }

    /** Feeds the next bytes of the stream; {@code data}'s readable bytes are consumed, not released. */
    public void feed(ByteBuf data) {
        checkOpen();
        int n = data.readableBytes();
        if (skipUntil > received) {
            int drop = (int) Math.min(n, skipUntil - received);
            data.skipBytes(drop);
            received += drop;
            n -= drop;
        }
        if (n == 0) {
            return;
        }
        acc.writeBytes(data, data.readerIndex(), n);
        data.skipBytes(n);
        received += n;
        process();
        if (acc.readerIndex() > COMPACT_THRESHOLD) {
            acc.discardReadBytes();
        }
    }

    /**
     * Bytes missing from the stream here: {@code length} of them, or -1 when unknown (offsets after
     * an unknown gap no longer count the missing bytes).
     */
    public void gap(long length) {
        checkOpen();
        sink.accept(new StreamEvent.GapSeen(received, length));
        long gapEnd = length >= 0 ? received + length : received;
        switch (state) {
            case STREAMING, DEAD -> {
                acc.clear();
                received = gapEnd;
                return;
            }
            case AFTER_ACCEPT -> {
                acc.clear();
                received = gapEnd;
                return;
            }
            case FRAMES -> {
                if (length >= 0 && skipWithinFrame(gapEnd)) {
                    return;
                }
                assembler.lostSync(received, "gap");
                enterResync(received, "gap of " + (length < 0 ? "unknown length" : length + " bytes")
                        + " crosses a frame boundary; scanning for the next frame");
            }
            case RESYNC -> {
                // candidates that straddle the gap are meaningless; start scanning afresh after it
            }
            case LEGACY -> {
                long resume = legacy.gap(acc, length, received);
                acc.clear();
                received = gapEnd;
                if (resume >= 0) {
                    skipUntil = resume;
                }
                return;
            }
            default -> {
                if (legacy != null) {
                    sink.accept(new StreamEvent.Desynced(received, "gap inside the pre-4.0 handshake; scanning for messages"));
                    legacy.startScanning();
                    state = State.LEGACY;
                } else if (options.midStreamFraming() == null) {
                    startLegacyMidStream();
                } else {
                    startMidStream("gap inside the handshake");
                }
            }
        }
        acc.clear();
        received = gapEnd;
    }

    /** The stream ended: reports anything left half-read and frees buffers. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (acc.isReadable() && state != State.DEAD) {
            long at = received - acc.readableBytes();
            String inside = switch (state) {
                case START, INITIATE, ACCEPT, CONFIRM -> "the handshake";
                case FRAMES -> "a frame";
                case RESYNC -> "the search for a frame";
                case LEGACY -> "a pre-4.0 message";
                default -> state.name().toLowerCase();
            };
            sink.accept(new StreamEvent.Truncated(at, "stream ended inside " + inside + " (" + acc.readableBytes()
                    + " bytes pending)"));
        }
        if (legacy != null) {
            legacy.finish(received);
        }
        assembler.finish(received);
        acc.release();
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("decoder finished");
        }
    }

    private long offsetOf(int index) {
        return received - (acc.writerIndex() - index);
    }

    private void process() {
        State before;
        do {
            before = state;
            int readable = acc.readableBytes();
            switch (state) {
                case START -> start();
                case INITIATE -> initiate();
                case ACCEPT -> accept();
                case AFTER_ACCEPT -> afterAccept();
                case CONFIRM -> confirm();
                case FRAMES -> frames();
                case RESYNC -> resync();
                case LEGACY -> {
                    legacy.feed(acc, received);
                }
                case STREAMING -> {
                    if (acc.isReadable()) {
                        sink.accept(new StreamEvent.StreamingBytes(offsetOf(acc.readerIndex()), acc.readableBytes()));
                        acc.skipBytes(acc.readableBytes());
                    }
                }
                case DEAD -> acc.skipBytes(acc.readableBytes());
            }
            if (state == before && acc.readableBytes() == readable) {
                return;
            }
        } while (acc.isReadable() || state != before);
    }

    private void start() {
        if (acc.readableBytes() < 4) {
            return;
        }
        int first = acc.getInt(acc.readerIndex());
        if (first == Initiate.PROTOCOL_MAGIC) {
            state = State.INITIATE;
        } else if (options.peerInitiate() != null || (first >= 10 && first <= 13)) {
            state = State.ACCEPT;
        } else if (options.midStreamFraming() == null) {
            startLegacyMidStream();
        } else {
            startMidStream("stream does not start with a handshake");
        }
    }

    private void startMidStream(String why) {
        format = FrameFormat.of(options.midStreamFraming());
        useVersion(options.version() != null ? options.version() : MessagingVersion.V12);
        assembler.lostSync(received, null);
        enterResync(offsetOf(acc.readerIndex()), why + "; scanning for " + format.framing() + " frames");
    }

    private void startLegacyMidStream() {
        useVersion(options.version() != null ? options.version() : MessagingVersion.V11);
        legacy = new LegacyReader(sink, options, version, tableFor(version), false);
        sink.accept(new StreamEvent.Desynced(offsetOf(acc.readerIndex()),
                "stream does not start with a handshake; scanning for pre-4.0 messages"));
        legacy.startScanning();
        state = State.LEGACY;
    }

    private void initiate() {
        int at = acc.readerIndex();
        Initiate i;
        try {
            i = Initiate.decode(acc);
        } catch (WireFormatException e) {
            malformedThenDead(at, "handshake: " + e.getMessage());
            return;
        }
        if (i == null) {
            return;
        }
        sink.accept(new StreamEvent.InitiateSeen(offsetOf(at), i));
        if (i.isModern()) {
            int v = Math.min(i.maxVersion(), MessagingVersion.V13.id());
            MessagingVersion mv = options.version() != null ? options.version() : MessagingVersion.orNull(v);
            if (mv == null) {
                malformedThenDead(acc.readerIndex(), "handshake offers messaging version " + v + ", not one we speak");
                return;
            }
            useVersion(mv);
            if (i.type().isStreaming()) {
                state = State.STREAMING;
            } else {
                format = FrameFormat.of(i.framing());
                state = State.FRAMES;
            }
        } else {
            MessagingVersion mv = options.version() != null ? options.version() : MessagingVersion.orNull(i.requestVersion());
            if (mv == null || mv.isModern()) {
                malformedThenDead(acc.readerIndex(), "pre-4.0 handshake with messaging version " + i.requestVersion()
                        + ", not one we speak (10, 11)");
                return;
            }
            useVersion(mv);
            if (i.type().isStreaming()) {
                state = State.STREAMING;
                return;
            }
            legacy = new LegacyReader(sink, options, version, tableFor(version), i.framing() == Framing.LZ4);
            state = State.CONFIRM;
        }
    }

    private void accept() {
        int at = acc.readerIndex();
        Initiate peer = options.peerInitiate();
        Accept a;
        try {
            a = Accept.decode(acc, peer != null && !peer.isModern());
        } catch (WireFormatException e) {
            malformedThenDead(at, "handshake accept: " + e.getMessage());
            return;
        }
        if (a == null) {
            return;
        }
        sink.accept(new StreamEvent.AcceptSeen(offsetOf(at), a));
        knownMessaging = peer != null && !peer.type().isStreaming();
        state = peer != null && peer.type().isStreaming() ? State.STREAMING : State.AFTER_ACCEPT;
    }

    private void afterAccept() {
        if (!acc.isReadable()) {
            return;
        }
        long at = offsetOf(acc.readerIndex());
        if (knownMessaging) {
            sink.accept(new StreamEvent.Malformed(at, acc.readableBytes()
                    + " unexpected bytes after the accept of a one-way messaging connection"));
        } else {
            sink.accept(new StreamEvent.StreamingBytes(at, acc.readableBytes()));
        }
        acc.skipBytes(acc.readableBytes());
    }

    private void confirm() {
        int at = acc.readerIndex();
        ConfirmOutboundPre40 c;
        try {
            c = ConfirmOutboundPre40.decode(acc);
        } catch (WireFormatException e) {
            malformedThenDead(at, "pre-4.0 handshake: " + e.getMessage());
            return;
        }
        if (c == null) {
            return;
        }
        sink.accept(new StreamEvent.ConfirmSeen(offsetOf(at), c));
        state = State.LEGACY;
    }

    private void frames() {
        int hl = format.headerLength();
        while (acc.readableBytes() >= hl) {
            int r = acc.readerIndex();
            long header = format.readHeader(acc, r);
            if (!format.headerValid(header)) {
                long at = offsetOf(r);
                sink.accept(new StreamEvent.Malformed(at, format.framing() + " frame header CRC24 mismatch"));
                assembler.lostSync(at, "bad frame header");
                enterResync(at, "bad frame header; scanning for the next frame");
                return;
            }
            int len = format.frameLength(header);
            if (acc.readableBytes() < len) {
                return;
            }
            long at = offsetOf(r);
            Frame f;
            try {
                f = format.unpack(acc, r, header, UnpooledByteBufAllocator.DEFAULT);
            } catch (WireFormatException e) {
                acc.skipBytes(len);
                sink.accept(new StreamEvent.Malformed(at, e.getMessage()));
                assembler.lostSync(at, "undecodable frame");
                continue;
            }
            acc.skipBytes(len);
            try {
                sink.accept(new StreamEvent.FrameSeen(at, format.framing(), len, f.payload().readableBytes(),
                        f.isSelfContained(), f.payloadCrcValid()));
                // decompressed LZ4 payloads have no stream position of their own
                long payloadBase = format.framing() == Framing.LZ4 ? -1 : at + format.headerLength();
                assembler.onFrame(f, at, payloadBase);
            } finally {
                f.release();
            }
        }
    }

    /** A known-length gap that ends inside the frame being read: skip to the next frame boundary. */
    private boolean skipWithinFrame(long gapEnd) {
        int hl = format.headerLength();
        if (acc.readableBytes() < hl) {
            return false;
        }
        int r = acc.readerIndex();
        long header = format.readHeader(acc, r);
        if (!format.headerValid(header)) {
            return false;
        }
        long frameStart = offsetOf(r);
        long frameEnd = frameStart + format.frameLength(header);
        if (gapEnd > frameEnd) {
            return false;
        }
        sink.accept(new StreamEvent.Lost(frameStart, format.frameLength(header), format.isSelfContained(header)
                ? "self-contained frame cut by a gap" : "part of a large message cut by a gap"));
        if (!format.isSelfContained(header)) {
            assembler.lostSync(frameStart, "gap");
        }
        acc.clear();
        received = gapEnd;
        skipUntil = frameEnd;
        return true;
    }

    private void enterResync(long at, String why) {
        sink.accept(new StreamEvent.Desynced(at, why));
        resyncSkipped = 0;
        state = State.RESYNC;
    }

    /**
     * Scans byte by byte for a frame whose header CRC24 and payload CRC32 both verify: the bytes
     * where no header verifies are skipped together, each candidate header is tried in full.
     */
    private void resync() {
        int hl = format.headerLength();
        while (acc.readableBytes() >= hl) {
            int r = acc.readerIndex();
            int last = acc.writerIndex() - hl;
            int found = format.nextValidHeader(acc, r, last);
            if (found < 0) {
                int skip = last + 1 - r; // no header starts before the last hl - 1 bytes
                acc.skipBytes(skip);
                resyncSkipped += skip;
                return;
            }
            if (found > r) {
                acc.skipBytes(found - r);
                resyncSkipped += found - r;
                r = found;
            }
            long header = format.readHeader(acc, r);
            int len = format.frameLength(header);
            if (acc.readableBytes() < len) {
                return; // wait: a candidate is at most one frame long
            }
            boolean ok;
            try {
                Frame f = format.unpack(acc, r, header, UnpooledByteBufAllocator.DEFAULT);
                ok = f.payloadCrcValid();
                f.release();
            } catch (WireFormatException e) {
                ok = false;
            }
            if (ok) {
                sink.accept(new StreamEvent.Resynced(offsetOf(r), resyncSkipped,
                        format.framing() == Framing.UNPROTECTED ? "frame header CRC24 matches"
                                : "frame header CRC24 and payload CRC32 match"));
                state = State.FRAMES;
                return;
            }
            acc.skipBytes(1);
            resyncSkipped++;
        }
    }

    private void malformedThenDead(int index, String why) {
        sink.accept(new StreamEvent.Malformed(offsetOf(index), why));
        sink.accept(new StreamEvent.Desynced(offsetOf(index), "cannot continue without a handshake; the rest is skipped"));
        state = State.DEAD;
        acc.skipBytes(acc.readableBytes());
    }

    private void useVersion(MessagingVersion v) {
        version = v;
        assembler.version(v, tableFor(v));
    }

    private ApplicationStateTable tableFor(MessagingVersion v) {
        return options.stateTable() != null ? options.stateTable() : ApplicationStateTable.defaultFor(v);
    }
}
