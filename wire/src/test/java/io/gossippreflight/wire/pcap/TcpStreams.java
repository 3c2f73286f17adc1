package io.gossippreflight.wire.pcap;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only TCP reassembly: groups segments into connections, orders each direction by sequence
 * number, drops retransmitted and duplicated bytes (router captures on "any" see each packet
 * twice) and records holes as gaps.
 */
public final class TcpStreams {
    /** One piece of a direction: bytes, or a gap of {@code gap} bytes (bytes == null). */
    public record Piece(byte[] bytes, long gap) {
    }

    /** One direction of a connection, from the side that sent it. */
    public record Direction(String from, String to, boolean initiator, List<Piece> pieces) {
        public long bytes() {
            return pieces.stream().mapToLong(p -> p.bytes == null ? 0 : p.bytes.length).sum();
        }

        public long gapBytes() {
            return pieces.stream().mapToLong(p -> p.bytes == null ? p.gap : 0).sum();
        }
    }

    /** A connection: the initiator's direction and the acceptor's. */
    public record Connection(String initiator, String acceptor, Direction forward, Direction backward) {
        @Override
        public String toString() {
            return initiator + " -> " + acceptor;
        }
    }

    private TcpStreams() {
    }

    public static List<Connection> connections(List<PcapReader.Segment> segments) {
        Map<String, List<PcapReader.Segment>> byDir = new LinkedHashMap<>();
        Map<String, Long> isn = new LinkedHashMap<>();
        Map<String, String> initiatorOf = new LinkedHashMap<>();
        for (PcapReader.Segment s : segments) {
            String from = endpoint(s.src(), s.srcPort());
            String to = endpoint(s.dst(), s.dstPort());
            String key = from + ">" + to;
            byDir.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            if (s.syn()) {
                isn.putIfAbsent(key, (s.seq() + 1) & 0xFFFFFFFFL);
                if (!s.ack()) {
                    initiatorOf.put(connKey(from, to), from);
                }
            }
        }
        Map<String, Connection> conns = new LinkedHashMap<>();
        for (String key : byDir.keySet()) {
            String[] ft = key.split(">");
            String ck = connKey(ft[0], ft[1]);
            if (conns.containsKey(ck)) {
                continue;
            }
            String init = initiatorOf.getOrDefault(ck, ft[0]);
            String acc = init.equals(ft[0]) ? ft[1] : ft[0];
            Direction fwd = direction(init, acc, true, byDir.getOrDefault(init + ">" + acc, List.of()), isn.get(init + ">" + acc));
            Direction bwd = direction(acc, init, false, byDir.getOrDefault(acc + ">" + init, List.of()), isn.get(acc + ">" + init));
            conns.put(ck, new Connection(init, acc, fwd, bwd));
        }
        return new ArrayList<>(conns.values());
    }

    private static Direction direction(String from, String to, boolean initiator, List<PcapReader.Segment> segs, Long isn) {
        List<long[]> order = new ArrayList<>();
        long base = isn != null ? isn : segs.stream().filter(s -> s.payload().length > 0).mapToLong(PcapReader.Segment::seq)
                .min().orElse(0);
        List<PcapReader.Segment> data = new ArrayList<>();
        for (PcapReader.Segment s : segs) {
            if (s.payload().length > 0) {
                data.add(s);
            }
        }
        data.sort(Comparator.comparingLong(s -> (s.seq() - base) & 0xFFFFFFFFL));
        List<Piece> pieces = new ArrayList<>();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        long next = 0;
        for (PcapReader.Segment s : data) {
            long rel = (s.seq() - base) & 0xFFFFFFFFL;
            long end = rel + s.payload().length;
            if (end <= next) {
                continue; // retransmission or duplicate
            }
            if (rel > next) {
                if (run.size() > 0) {
                    pieces.add(new Piece(run.toByteArray(), 0));
                    run.reset();
                }
                pieces.add(new Piece(null, rel - next));
                next = rel;
            }
            int skip = (int) (next - rel);
            run.write(s.payload(), skip, s.payload().length - skip);
            next = end;
        }
        if (run.size() > 0) {
            pieces.add(new Piece(run.toByteArray(), 0));
        }
        return new Direction(from, to, initiator, pieces);
    }

    private static String endpoint(String ip, int port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static String connKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
