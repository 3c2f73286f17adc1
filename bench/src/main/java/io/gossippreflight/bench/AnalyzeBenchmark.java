package io.gossippreflight.bench;

import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.flow.FlowTable;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.packet.PacketDecoder;
import io.gossippreflight.analyzer.pass.PacketSampler;
import io.gossippreflight.analyzer.pass.PipelinedPass;
import io.gossippreflight.analyzer.gossip.GossipStreams;
import io.gossippreflight.analyzer.pass.CapturePass;
import io.gossippreflight.analyzer.pass.CaptureResult;
import io.gossippreflight.analyzer.pass.PointRegistry;
import io.gossippreflight.analyzer.report.AnalysisReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The analysis at steady state (JIT warm): {@code pass} is the streaming pass over one capture
 * (read, decode, flows, sampling, gossip reassembly), {@code full} is {@code preflight analyze}
 * without rendering. One operation analyses the file once; divide the packets by the time per
 * operation. With {@code -prof perfnorm} the instructions per operation judge changes to the hot
 * loop independently of the machine's load. {@code -p file=CAPTURE.pcap}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class AnalyzeBenchmark {
    @Param("")
    public String file;

    /**
     * Stages of the pass alone, to see what each adds: read; +decode; +flows; +sample; nogossip (the
     * pass without gossip decoding); pass; piped (the pass on two threads, {@link PipelinedPass}).
     */
    @Param("pass")
    public String stage;

    /** Keeps the stages' results alive (the JIT must not drop the work). */
    public long sink;

    @Benchmark
    public long pass() throws Exception {
        if (stage.equals("piped")) {
            CaptureResult r = PipelinedPass.run(Path.of(file), "a", new PointRegistry(), CapturePass.Limits.defaults(),
                    List.of(new GossipStreams(7000)), false);
            return r.summary().packets();
        }
        if (!stage.equals("pass") && !stage.equals("nogossip")) {
            return stage(stage);
        }
        try (PacketSource source = CaptureFiles.open(Path.of(file))) {
            CaptureResult r = CapturePass.run(source, "a", new PointRegistry(), CapturePass.Limits.defaults(),
                    stage.equals("pass") ? List.of(new GossipStreams(7000)) : List.of(), false);
            return r.summary().packets();
        }
    }

    private long stage(String st) throws Exception {
        try (PacketSource source = st.equals("readmapped") ? CaptureFiles.open(Path.of(file), CaptureFiles.Backend.MAPPED)
                : CaptureFiles.open(Path.of(file))) {
            RawPacket raw = new RawPacket();
            PacketDecoder dec = new PacketDecoder();
            Packet p = new Packet();
            FlowTable flows = new FlowTable();
            PacketSampler sampler = new PacketSampler(16384);
            long n = 0;
            long packets = 0;
            while (source.next(raw)) {
                packets++;
                n += raw.capturedLength;
                if (st.startsWith("read")) {
                    continue;
                }
                dec.decode(raw, p);
                n += p.seq;
                if (st.equals("decode")) {
                    continue;
                }
                if (p.isTcp()) {
                    flows.onTcp(p, 0, raw.timestampNanos);
                    if (st.equals("sample")) {
                        sampler.offer(PacketSampler.fingerprint(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort << 16 | p.dstPort,
                                p.seq, p.ack, p.ipId, p.payloadLength, p.tcpFlags & 0x17), raw.timestampNanos, p.srcLo, p.dstLo, p.ttl);
                    }
                }
            }
            sink = n + flows.all().size() + sampler.size();
            return packets;
        }
    }

    @Benchmark
    public long full() throws Exception {
        AnalysisReport r = Analyzer.analyze(List.of(new Analyzer.Input("a", Path.of(file))), Analyzer.Options.defaults());
        return r.captures().get(0).packets();
    }
}
