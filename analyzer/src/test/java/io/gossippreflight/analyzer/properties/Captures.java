package io.gossippreflight.analyzer.properties;

import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.CaptureInterface;
import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.testing.CaptureFileBuilder;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures held in memory so tests can rewrite them (cut, thin, shift, re-encode) and write
 * them back: the small pcap rewriter behind the capture properties. Fixture-sized inputs only.
 */
public final class Captures {
    private Captures() {
    }

    /** One frame: link type, pcapng interface, bytes as captured, length on the wire. */
    public record Frame(long timeNanos, int linkType, int iface, byte[] data, int originalLength) {
        public Frame withTime(long t) {
            return new Frame(t, linkType, iface, data, originalLength);
        }

        public Frame withData(byte[] d, int original) {
            return new Frame(timeNanos, linkType, iface, d, original);
        }

        public Frame withIface(int i) {
            return new Frame(timeNanos, linkType, i, data, originalLength);
        }
    }

    /** An interface of a capture: its link type and pcapng name (null for classic pcap). */
    public record Iface(int linkType, String name) {
    }

    /** One capture file: its name in the analysis, its interfaces and frames in file order. */
    public record Capture(String name, List<Iface> ifaces, List<Frame> frames) {
        public Capture {
            ifaces = List.copyOf(ifaces);
            frames = List.copyOf(frames);
        }

        public Capture withFrames(List<Frame> f) {
            return new Capture(name, ifaces, f);
        }

        public long firstTime() {
            return frames.isEmpty() ? Long.MAX_VALUE : frames.get(0).timeNanos();
        }

        public long lastTime() {
            return frames.isEmpty() ? Long.MIN_VALUE : frames.get(frames.size() - 1).timeNanos();
        }
    }

    public static Capture read(String name, Path file) throws IOException {
        List<Frame> frames = new ArrayList<>();
        List<Iface> ifaces = new ArrayList<>();
        try (PacketSource s = CaptureFiles.open(file)) {
            RawPacket raw = new RawPacket();
            while (s.next(raw)) {
                frames.add(new Frame(raw.timestampNanos, raw.linkType, raw.interfaceId, raw.bytes(), raw.originalLength));
            }
            boolean ng = s.format().startsWith("pcapng");
            for (CaptureInterface i : s.interfaces()) {
                ifaces.add(new Iface(i.linkType(), ng ? (i.name() != null ? i.name() : "if" + i.id()) : null));
            }
        }
        return new Capture(name, ifaces, frames);
    }

    /** Writes classic pcap (nanoseconds) when one interface and one link type, else pcapng. */
    public static Path write(Capture c, Path dir) throws IOException {
        boolean ng = c.ifaces().size() > 1 || c.ifaces().stream().anyMatch(i -> i.name() != null);
        if (!ng) {
            int link = c.ifaces().isEmpty() ? LinkType.ETHERNET : c.ifaces().get(0).linkType();
            CaptureFileBuilder.Pcap p = new CaptureFileBuilder.Pcap(ByteOrder.LITTLE_ENDIAN, true, link, 262144);
            for (Frame f : c.frames()) {
                p.packet(Math.floorDiv(f.timeNanos(), 1_000_000_000L), Math.floorMod(f.timeNanos(), 1_000_000_000L),
                        f.data(), f.data().length, Math.max(f.originalLength(), f.data().length));
            }
            return p.write(dir.resolve(c.name() + ".pcap"));
        }
        CaptureFileBuilder.PcapNg p = new CaptureFileBuilder.PcapNg(ByteOrder.LITTLE_ENDIAN);
        for (Iface i : c.ifaces()) {
            p.iface(i.linkType(), 262144, 9, i.name());
        }
        for (Frame f : c.frames()) {
            p.epb(f.iface(), f.timeNanos(), f.data(), f.data().length, Math.max(f.originalLength(), f.data().length));
        }
        return p.write(dir.resolve(c.name() + ".pcapng"));
    }

    /** Writes every capture into {@code dir} and analyses them as one set. */
    public static io.gossippreflight.analyzer.report.AnalysisReport analyze(List<Capture> set, Path dir,
            Analyzer.Options options) throws IOException {
        List<Analyzer.Input> in = new ArrayList<>();
        for (Capture c : set) {
            in.add(new Analyzer.Input(c.name(), write(c, dir)));
        }
        return Analyzer.analyze(in, options);
    }

    /** Offset of the IP header in a frame of this link type, or -1 (not IP, or not handled here). */
    static int ipOffset(Frame f) {
        byte[] d = f.data();
        switch (f.linkType()) {
            case LinkType.ETHERNET: {
                int off = 12;
                while (off + 2 <= d.length && (u16(d, off) == 0x8100 || u16(d, off) == 0x88a8)) {
                    off += 4;
                }
                return off + 2 <= d.length && (u16(d, off) == 0x0800 || u16(d, off) == 0x86dd) ? off + 2 : -1;
            }
            case LinkType.LINUX_SLL:
                return d.length >= 16 && (u16(d, 14) == 0x0800 || u16(d, 14) == 0x86dd) ? 16 : -1;
            case LinkType.LINUX_SLL2:
                return d.length >= 20 && (u16(d, 0) == 0x0800 || u16(d, 0) == 0x86dd) ? 20 : -1;
            default:
                return -1;
        }
    }

    /** Offset of the link layer's protocol field (ethertype) just before the IP header. */
    static int protocolField(Frame f, int ipOffset) {
        return f.linkType() == LinkType.LINUX_SLL2 ? 0 : ipOffset - 2;
    }

    static int u16(byte[] d, int off) {
        return (d[off] & 0xff) << 8 | d[off + 1] & 0xff;
    }

    static long u32(byte[] d, int off) {
        return (long) u16(d, off) << 16 | u16(d, off + 2);
    }

    static void put16(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 8);
        d[off + 1] = (byte) v;
    }

    static void put32(byte[] d, int off, long v) {
        put16(d, off, (int) (v >>> 16));
        put16(d, off + 2, (int) v);
    }
}
