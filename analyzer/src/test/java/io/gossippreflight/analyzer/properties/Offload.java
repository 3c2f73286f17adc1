package io.gossippreflight.analyzer.properties;

import static io.gossippreflight.analyzer.properties.Captures.put16;
import static io.gossippreflight.analyzer.properties.Captures.u16;
import static io.gossippreflight.analyzer.properties.Captures.u32;

import io.gossippreflight.analyzer.properties.Captures.Frame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Merges back-to-back IPv4 TCP data segments into TSO/GSO super-segments, as a sender-side capture shows them. */
final class Offload {
    /** Segments sent further apart than this were not one offloaded send. */
    static final long BACK_TO_BACK_NANOS = 200_000;
    static final int MAX_IP = 65_535;

    private Offload() {
    }

    /** A parsed IPv4 TCP data segment. */
    private record Seg(Frame f, int ip, int ihl, int tcpHeader, long flowKey, long seq, int payload) {
        int end() {
            return (int) ((seq + payload) & 0xffffffffL);
        }
    }

    static List<Frame> merge(List<Frame> frames) {
        List<Frame> out = new ArrayList<>();
        List<Seg> run = new ArrayList<>();
        int runBytes = 0;
        for (Frame f : frames) {
            Seg s = parse(f);
            boolean joins = s != null && !run.isEmpty() && run.get(0).flowKey() == s.flowKey()
                    && run.get(run.size() - 1).end() == (int) s.seq()
                    && f.timeNanos() - run.get(run.size() - 1).f().timeNanos() <= BACK_TO_BACK_NANOS
                    && runBytes + s.payload() <= MAX_IP - 100;
            if (!joins) {
                flush(run, out);
                run.clear();
                runBytes = 0;
            }
            if (s == null) {
                out.add(f);
                continue;
            }
            run.add(s);
            runBytes += s.payload();
        }
        flush(run, out);
        return out;
    }

    private static void flush(List<Seg> run, List<Frame> out) {
        if (run.isEmpty()) {
            return;
        }
        Seg first = run.get(0);
        if (run.size() == 1) {
            out.add(first.f());
            return;
        }
        byte[] d = first.f().data();
        int headers = first.ip() + first.ihl() + first.tcpHeader();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(d, 0, headers);
        int flags = 0;
        int payload = 0;
        for (Seg s : run) {
            byte[] x = s.f().data();
            int at = s.ip() + s.ihl() + s.tcpHeader();
            b.write(x, at, s.payload());
            payload += s.payload();
            flags |= x[s.ip() + s.ihl() + 13] & 0x09; // PSH, FIN of any part
        }
        byte[] nd = b.toByteArray();
        put16(nd, first.ip() + 2, first.ihl() + first.tcpHeader() + payload);
        nd[first.ip() + first.ihl() + 13] |= (byte) flags;
        out.add(first.f().withData(nd, nd.length));
    }

    private static Seg parse(Frame f) {
        int ip = Captures.ipOffset(f);
        byte[] d = f.data();
        if (ip < 0 || d.length != f.originalLength() || ip + 20 > d.length || (d[ip] & 0xf0) != 0x40 || d[ip + 9] != 6) {
            return null;
        }
        int ihl = (d[ip] & 0x0f) * 4;
        int total = u16(d, ip + 2);
        if (ip + ihl + 20 > d.length || ip + total > d.length) {
            return null;
        }
        int tcp = ip + ihl;
        int th = ((d[tcp + 12] & 0xf0) >>> 4) * 4;
        int payload = total - ihl - th;
        int flags = d[tcp + 13] & 0xff;
        if (payload <= 0 || (flags & 0x07) != 0) {
            return null; // no data, or SYN/FIN/RST: not offloaded
        }
        long key = u32(d, ip + 12) * 31 + u32(d, ip + 16) * 17 + u16(d, tcp) * 7L + u16(d, tcp + 2);
        return new Seg(f, ip, ihl, th, key, u32(d, tcp + 4), payload);
    }
}
