package io.gossippreflight.bench;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.netty.FrameDecoder;
import io.gossippreflight.wire.netty.MessageDecoder;
import io.gossippreflight.wire.stream.StreamDecoder;
import io.gossippreflight.wire.stream.StreamEvent;
import io.gossippreflight.wire.stream.StreamOptions;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode throughput of real Cassandra 5.0.9 gossip streams (the initiator side of an
 * URGENT_MESSAGES connection: handshake, then SYN/ACK/ACK2 in CRC frames), through the
 * socket-less stream decoder and through the Netty frame + message decoders. The "bytes"
 * counter is the stream bytes decoded per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class WireDecodeBenchmark {
    /** gossip-16-tokens: two-node-join (60 kB); gossip-256-tokens: control-pmtud (335 kB). */
    @Param({"gossip-16-tokens", "gossip-256-tokens"})
    public String stream;

    private byte[] bytes;
    /** The 4.0+ Initiate is 19 bytes for an IPv4 sender; the Netty decoders start after it. */
    private static final int INITIATE_LENGTH = 19;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void load() throws IOException {
        try (InputStream in = WireDecodeBenchmark.class.getResourceAsStream("/wire/" + stream + ".bin")) {
            if (in == null) {
                throw new IOException("missing benchmark stream /wire/" + stream + ".bin");
            }
            bytes = in.readAllBytes();
        }
    }

    @Benchmark
    public void streamDecoder(Bytes counter, Blackhole bh) {
        StreamDecoder d = new StreamDecoder(StreamOptions.DEFAULT, (StreamEvent e) -> bh.consume(e));
        d.feed(bytes);
        d.finish();
        counter.bytes += bytes.length;
    }

    @Benchmark
    public void nettyDecoders(Bytes counter, Blackhole bh) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(CrcFrameFormat.INSTANCE), new MessageDecoder(MessagingVersion.V12));
        ch.writeInbound(Unpooled.wrappedBuffer(bytes, INITIATE_LENGTH, bytes.length - INITIATE_LENGTH));
        for (Object o; (o = ch.readInbound()) != null; ) {
            bh.consume(o);
        }
        ch.finish();
        counter.bytes += bytes.length - INITIATE_LENGTH;
    }
}
