package io.gossippreflight.bench;

import io.gossippreflight.analyzer.capture.ClassicPcapReader;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.capture.PcapNgReader;
import io.gossippreflight.analyzer.capture.RawPacket;
import java.nio.file.Path;
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
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.Packet;

/**
 * Reading a whole capture: this project's readers (buffered channel, memory mapping) against pcap4j's per-packet
 * pull (raw bytes and decoded Packet objects) and its loop with a raw listener. One operation
 * reads the file once; packets/s = packets / seconds per operation.
 * {@code -p pcap=FILE.pcap -p pcapng=FILE.pcapng}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CaptureReaderBenchmark {
    @Param("")
    public String pcap;

    @Param("")
    public String pcapng;

    @Param({"buffered-pcap", "buffered-pcapng", "mapped-pcap", "mapped-pcapng", "pcap4j-loop-raw", "pcap4j-pull-raw",
        "pcap4j-pull-packet"})
    public String reader;

    @Benchmark
    public long read() throws Exception {
        switch (reader) {
            case "buffered-pcap":
                return drain(ClassicPcapReader.openBuffered(Path.of(pcap)));
            case "buffered-pcapng":
                return drain(PcapNgReader.openBuffered(Path.of(pcapng)));
            case "mapped-pcap":
                return drain(ClassicPcapReader.open(Path.of(pcap)));
            case "mapped-pcapng":
                return drain(PcapNgReader.open(Path.of(pcapng)));
            case "pcap4j-loop-raw": {
                long[] n = {0};
                long[] bytes = {0};
                try (PcapHandle h = Pcaps.openOffline(pcap, PcapHandle.TimestampPrecision.NANO)) {
                    h.loop(-1, (byte[] raw) -> {
                        n[0]++;
                        bytes[0] += raw.length;
                    });
                }
                return n[0] + bytes[0];
            }
            case "pcap4j-pull-raw": {
                long n = 0;
                try (PcapHandle h = Pcaps.openOffline(pcap, PcapHandle.TimestampPrecision.NANO)) {
                    byte[] raw;
                    while ((raw = h.getNextRawPacket()) != null) {
                        n += raw.length;
                    }
                }
                return n;
            }
            case "pcap4j-pull-packet": {
                long n = 0;
                try (PcapHandle h = Pcaps.openOffline(pcap, PcapHandle.TimestampPrecision.NANO)) {
                    Packet p;
                    while ((p = h.getNextPacket()) != null) {
                        n += p.length();
                    }
                }
                return n;
            }
            default:
                throw new IllegalArgumentException(reader);
        }
    }

    private static long drain(PacketSource s) throws Exception {
        long n = 0;
        try (s) {
            RawPacket p = new RawPacket();
            while (s.next(p)) {
                n += p.capturedLength + p.data.get(p.offset); // touch the bytes, as the others do
            }
        }
        return n;
    }
}
