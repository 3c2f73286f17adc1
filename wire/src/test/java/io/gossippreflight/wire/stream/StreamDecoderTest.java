package io.gossippreflight.wire.stream;

import static io.gossippreflight.wire.stream.SyntheticStreams.decode;
import static io.gossippreflight.wire.stream.SyntheticStreams.messages;
import static io.gossippreflight.wire.stream.SyntheticStreams.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.message.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamDecoderTest {
    /** Small messages grouped several per frame, then a ~180 KB shadow ACK over non-self-contained frames. */
    static SyntheticStreams.Built mixed(Framing framing) {
        List<Message> small = SyntheticStreams.gossipMessages(8, 2, 4);
        Message large = SyntheticStreams.gossipMessages(2, 32, 256).get(1);
        return SyntheticStreams.initiatorStream(framing, List.of(small.subList(0, 3), small.subList(3, 8), List.of(large),
                small.subList(0, 2)), io.gossippreflight.wire.frame.FrameFormat.MAX_PAYLOAD);
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void decodesEveryFramingAtAnyChunking(Framing framing) {
        SyntheticStreams.Built s = mixed(framing);
        for (int chunk : new int[] {1, 3, 1000, 1 << 20}) {
            List<StreamEvent> ev = decode(s.bytes(), chunk, StreamOptions.DEFAULT);
            assertEquals(s.messages(), messages(ev), "chunk " + chunk);
            List<StreamEvent.FrameSeen> frames = of(ev, StreamEvent.FrameSeen.class);
            assertEquals(s.frameStarts().size(), frames.size());
            assertTrue(frames.stream().allMatch(StreamEvent.FrameSeen::crcValid));
            assertTrue(frames.stream().anyMatch(f -> !f.selfContained()), "large message uses non-self-contained frames");
            assertEquals(s.frameStarts(), frames.stream().map(f -> (int) f.offset()).toList());
            assertEquals(List.of(), of(ev, StreamEvent.Malformed.class));
            assertEquals(List.of(), of(ev, StreamEvent.Truncated.class));
        }
    }

    @Test
    void knownGapInsideAFrameSkipsExactlyThatFrame() {
        SyntheticStreams.Built s = SyntheticStreams.initiatorStream(Framing.CRC,
                SyntheticStreams.gossipMessages(6, 3, 16).stream().map(List::of).toList(), io.gossippreflight.wire.frame.FrameFormat.MAX_PAYLOAD);
        int f2 = s.frameStarts().get(2);
        int f3 = s.frameStarts().get(3);
        int holeStart = f2 + 20;
        int holeEnd = f3 - 5;
        List<StreamEvent> ev = new ArrayList<>();
        StreamDecoder d = new StreamDecoder(StreamOptions.DEFAULT, ev::add);
        d.feed(Arrays.copyOfRange(s.bytes(), 0, holeStart));
        d.gap(holeEnd - holeStart);
        d.feed(Arrays.copyOfRange(s.bytes(), holeEnd, s.bytes().length));
        d.finish();
        List<Message> expected = new ArrayList<>(s.messages());
        expected.remove(2);
        assertEquals(expected, messages(ev));
        assertEquals(1, of(ev, StreamEvent.Lost.class).size());
        assertEquals(List.of(), of(ev, StreamEvent.Desynced.class), "no resync needed");
        assertEquals(f2, of(ev, StreamEvent.Lost.class).get(0).offset());
    }

    @Test
    void gapAcrossFramesResyncsOnChecksums() {
        SyntheticStreams.Built s = SyntheticStreams.initiatorStream(Framing.CRC,
                SyntheticStreams.gossipMessages(8, 3, 16).stream().map(List::of).toList(), io.gossippreflight.wire.frame.FrameFormat.MAX_PAYLOAD);
        int holeStart = s.frameStarts().get(1) + 3;
        int holeEnd = s.frameStarts().get(3) + 7;
        for (long gapLen : new long[] {holeEnd - holeStart, -1}) {
            List<StreamEvent> ev = new ArrayList<>();
            StreamDecoder d = new StreamDecoder(StreamOptions.DEFAULT, ev::add);
            d.feed(Arrays.copyOfRange(s.bytes(), 0, holeStart));
            d.gap(gapLen);
            d.feed(Arrays.copyOfRange(s.bytes(), holeEnd, s.bytes().length));
            d.finish();
            assertEquals(s.messages().subList(4, 8), messages(ev).subList(1, messages(ev).size()), "messages after the resync");
            assertEquals(s.messages().get(0), messages(ev).get(0));
            assertEquals(1, of(ev, StreamEvent.Desynced.class).size());
            List<StreamEvent.Resynced> r = of(ev, StreamEvent.Resynced.class);
            assertEquals(1, r.size());
            if (gapLen >= 0) {
                assertEquals(s.frameStarts().get(4), (int) r.get(0).offset());
            }
            assertEquals(List.of(), of(ev, StreamEvent.Malformed.class));
        }
    }

    @Test
    void midStreamStartAndLostLargeMessageStart() {
        SyntheticStreams.Built s = mixed(Framing.CRC);
        // start inside the second non-self-contained frame of the large message
        int nsc = -1;
        List<StreamEvent> full = decode(s.bytes(), 1 << 20, StreamOptions.DEFAULT);
        List<StreamEvent.FrameSeen> frames = of(full, StreamEvent.FrameSeen.class);
        for (int i = 0; i < frames.size(); i++) {
            if (!frames.get(i).selfContained()) {
                nsc = i;
                break;
            }
        }
        int cut = s.frameStarts().get(nsc + 1) - 11;
        List<StreamEvent> ev = decode(Arrays.copyOfRange(s.bytes(), cut, s.bytes().length), 997, StreamOptions.DEFAULT);
        assertFalse(of(ev, StreamEvent.Resynced.class).isEmpty());
        List<Message> got = messages(ev);
        assertEquals(s.messages().subList(s.messages().size() - 2, s.messages().size()), got,
                "only the messages after the broken large message survive");
        assertTrue(of(ev, StreamEvent.Lost.class).stream().anyMatch(l -> l.what().contains("continuation")));
    }

    @Test
    void badPayloadCrcLosesThatFrameOnly() {
        SyntheticStreams.Built s = SyntheticStreams.initiatorStream(Framing.CRC,
                SyntheticStreams.gossipMessages(4, 2, 4).stream().map(List::of).toList(), io.gossippreflight.wire.frame.FrameFormat.MAX_PAYLOAD);
        byte[] b = s.bytes().clone();
        b[s.frameStarts().get(1) + 12] ^= 0x40;
        List<StreamEvent> ev = decode(b, 64, StreamOptions.DEFAULT);
        List<StreamEvent.FrameSeen> frames = of(ev, StreamEvent.FrameSeen.class);
        assertEquals(4, frames.size());
        assertFalse(frames.get(1).crcValid());
        assertEquals(List.of(s.messages().get(0), s.messages().get(2), s.messages().get(3)), messages(ev));
    }

    @Test
    void badHeaderCrcResyncs() {
        SyntheticStreams.Built s = SyntheticStreams.initiatorStream(Framing.CRC,
                SyntheticStreams.gossipMessages(4, 2, 4).stream().map(List::of).toList(), io.gossippreflight.wire.frame.FrameFormat.MAX_PAYLOAD);
        byte[] b = s.bytes().clone();
        b[s.frameStarts().get(1) + 1] ^= 0x01;
        List<StreamEvent> ev = decode(b, 64, StreamOptions.DEFAULT);
        assertEquals(1, of(ev, StreamEvent.Malformed.class).size());
        assertEquals(List.of(s.messages().get(0), s.messages().get(2), s.messages().get(3)), messages(ev));
    }

    @Test
    void truncatedStreamIsReported() {
        SyntheticStreams.Built s = mixed(Framing.CRC);
        List<StreamEvent> ev = decode(Arrays.copyOf(s.bytes(), s.bytes().length - 10), 4096, StreamOptions.DEFAULT);
        assertEquals(1, of(ev, StreamEvent.Truncated.class).size());
        assertEquals(s.messages().size() - 2, messages(ev).size());
    }
}
