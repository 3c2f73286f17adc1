package io.gossippreflight.analyzer;

import io.gossippreflight.analyzer.diagnose.Places;
import io.gossippreflight.analyzer.flow.IntervalSet;
import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.gossip.GossipAnalysis;
import io.gossippreflight.analyzer.gossip.GossipStreams;
import io.gossippreflight.analyzer.icmp.IcmpFinding;
import io.gossippreflight.analyzer.pass.CapturePoint;
import io.gossippreflight.analyzer.pass.CaptureResult;
import io.gossippreflight.analyzer.pass.CaptureSummary;
import io.gossippreflight.analyzer.pass.PacketSampler;
import io.gossippreflight.analyzer.path.ClockOffsets;
import io.gossippreflight.analyzer.path.Connection;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.path.PathModel;
import io.gossippreflight.analyzer.path.SegmentFate;
import io.gossippreflight.analyzer.path.SegmentFates;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.ClockInfo;
import io.gossippreflight.analyzer.report.FlowInfo;
import io.gossippreflight.analyzer.report.GroupedNumbers;
import io.gossippreflight.analyzer.report.IcmpInfo;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.analyzer.report.PathInfo;
import io.gossippreflight.analyzer.report.PointInfo;
import io.gossippreflight.analyzer.report.SizePoint;
import io.gossippreflight.analyzer.report.TimelineEvent;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assembles the plain-value report from the analysis. */
final class ReportBuilder {
    static final int TIMELINE_MAX = 400;

    private final PathModel model;
    private final Places places;
    private final List<Pending> timeline = new ArrayList<>();

    /**
     * A line of the timeline. Only the first {@link #TIMELINE_MAX} by time are kept, so the text
     * of a loss or a message (thousands on a lossy capture, each a String.format) is written only
     * for the lines kept; the order depends on the time alone.
     */
    private record Pending(long time, String where, String text, LossInfo loss, MessageInfo message) {
        TimelineEvent event() {
            return new TimelineEvent(time, where, loss != null ? lossText(loss) : message != null ? messageText(message)
                    : text);
        }
    }

    private static String lossText(LossInfo l) {
        return String.format("%s bytes of connection #%d (%s -> %s) %s%s: %s", GroupedNumbers.of(l.bytes()), l.flowId(),
                l.from(), l.to(),
                l.delivered() ? "lost a copy" : "never delivered", l.copies() > 1 ? " after " + l.copies() + " copies" : "",
                l.between());
    }

    private static String messageText(MessageInfo m) {
        return String.format("%s %s -> %s %s bytes%s: %s", m.verb(), m.from(), m.to(), GroupedNumbers.of(m.size()),
                m.note() == null ? "" : " (" + m.note() + ")", m.fate());
    }

    private ReportBuilder(PathModel model, Places places) {
        this.model = model;
        this.places = places;
    }

    static AnalysisReport build(List<CaptureResult> results, PathModel model, Places places, List<SegmentFate> fates,
            List<IcmpFinding> findings, List<PathVerdict> verdicts, List<String> warnings, Analyzer.Options options,
            Map<String, GossipStreams> gossip) {
        ReportBuilder b = new ReportBuilder(model, places);
        List<CaptureSummary> captures = new ArrayList<>();
        for (CaptureResult r : results) {
            captures.add(r.summary());
        }
        List<PointInfo> points = new ArrayList<>();
        for (CapturePoint p : model.points()) {
            points.add(new PointInfo(p.label(), p.capture(), p.ifLabel()));
        }
        List<PathInfo> paths = new ArrayList<>();
        for (HostDirection hd : model.directions()) {
            List<String> labels = new ArrayList<>();
            List<Integer> hops = new ArrayList<>();
            for (int p : model.order(hd)) {
                labels.add(model.point(p).label());
                hops.add(model.hops(hd, p));
            }
            paths.add(new PathInfo(places.host(hd.src()), places.host(hd.dst()), labels, hops,
                    options.pathOrder() == null ? "ttl+time" : "given"));
        }
        List<ClockInfo> clocks = new ArrayList<>();
        for (ClockOffsets.Offset o : model.clocks().all()) {
            clocks.add(new ClockInfo(model.point(o.p()).label(), model.point(o.q()).label(), o.offsetNanos(), o.known(),
                    o.matched()));
        }
        List<FlowInfo> flows = new ArrayList<>();
        List<LossInfo> losses = new ArrayList<>();
        Map<Long, List<SegmentFate>> lostBy = new java.util.HashMap<>();
        for (SegmentFate f : fates) {
            if (f.lost()) {
                lostBy.computeIfAbsent((long) f.connection().id() << 1 | f.direction(), k -> new ArrayList<>()).add(f);
            }
        }
        for (Connection c : model.connections()) {
            flows.add(b.flow(c));
            for (int d = 0; d < 2; d++) {
                losses.addAll(b.losses(c, d, lostBy.getOrDefault((long) c.id() << 1 | d, List.of())));
            }
            b.connectionEvents(c);
        }
        List<IcmpInfo> icmp = new ArrayList<>();
        for (IcmpFinding f : findings) {
            icmp.add(b.icmp(f));
        }
        for (LossInfo l : losses) {
            b.timeline.add(new Pending(l.firstTime(), l.lastSeen(), null, l, null));
        }
        GossipAnalysis.Result g = GossipAnalysis.analyze(model, places, gossip, losses);
        for (Map.Entry<String, GossipStreams> e : gossip.entrySet()) {
            if (e.getValue().dropped() > 0) {
                warnings.add(e.getValue().dropped() + " gossip message(s) in " + e.getKey() + " beyond the limit were not listed");
            }
            if (e.getValue().undecodedDirections() > 0) {
                warnings.add(e.getValue().undecodedDirections() + " internode connection(s) in " + e.getKey()
                        + " beyond the decoding limit were not decoded");
            }
            if (e.getValue().tlsConnections() > 0) {
                warnings.add(e.getValue().tlsConnections() + " internode connection(s) in " + e.getKey() + " use TLS"
                        + TLS_CONSEQUENCE);
            }
        }
        for (MessageInfo m : g.messages()) {
            if (m.note() != null || !m.delivered()) {
                b.timeline.add(new Pending(m.timeNanos(), null, null, null, m));
            }
        }
        verdicts = withWaiting(verdicts, g.waiting(), g.ignored(), places);
        verdicts = withTlsNotes(verdicts, model, places);
        b.timeline.sort(Comparator.comparingLong(Pending::time)); // stable: equal times keep their order
        long omitted = Math.max(0, b.timeline.size() - TIMELINE_MAX);
        List<TimelineEvent> tl = new ArrayList<>();
        for (Pending e : b.timeline.subList(0, Math.min(b.timeline.size(), TIMELINE_MAX))) {
            tl.add(e.event());
        }
        return new AnalysisReport(verdicts, captures, points, paths, clocks, flows, losses, icmp,
                g.messages(), g.notes(), tl, omitted, warnings, b.sizes(fates));
    }

    /** Sent packets per direction kept for the size charts (a stride through the sampler's packets). */
    static final int SIZE_SAMPLES_PER_DIRECTION = 4096;
    /** Lost copies per direction kept for the size charts. */
    static final int SIZE_LOSSES_PER_DIRECTION = 4096;

    /**
     * Per direction: the sample of packets its sender's nearest capture point kept (the sampler
     * keeps them by content hash, so it is spread evenly over the capture), and its lost copies.
     */
    private List<SizePoint> sizes(List<SegmentFate> fates) {
        List<SizePoint> out = new ArrayList<>();
        Map<HostDirection, Integer> lostKept = new java.util.HashMap<>();
        for (SegmentFate f : fates) {
            if (!f.lost() || lostKept.merge(f.hostDirection(), 1, Integer::sum) > SIZE_LOSSES_PER_DIRECTION) {
                continue;
            }
            out.add(new SizePoint(t(f.firstPoint(), f.transmission().timeNanos()), f.hostDirection().src(),
                    f.hostDirection().dst(), f.transmission().wireIpLength(), true));
        }
        Map<Integer, Map<AddressPair, List<Integer>>> byPair = new java.util.HashMap<>();
        for (HostDirection hd : model.directions()) {
            for (int p : model.order(hd)) {
                PacketSampler s = model.sample(p);
                if (s == null) {
                    continue;
                }
                List<Integer> mine = byPair.computeIfAbsent(p, k -> byAddresses(s))
                        .getOrDefault(new AddressPair(hd.srcKey(), hd.dstKey()), List.of());
                if (mine.isEmpty()) {
                    continue; // the next point along the path may have seen this direction's packets
                }
                int stride = Math.max(1, (mine.size() + SIZE_SAMPLES_PER_DIRECTION - 1) / SIZE_SAMPLES_PER_DIRECTION);
                for (int k = 0; k < mine.size(); k += stride) {
                    int i = mine.get(k);
                    out.add(new SizePoint(t(p, s.time(i)), hd.src(), hd.dst(), s.ipLength(i), false));
                }
                break;
            }
        }
        return byTime(out);
    }

    /**
     * The points ordered by time, equal times in their order (what List.sort by time gives), by a
     * merge sort over the times themselves: the comparator's calls dominated while the code is cold.
     */
    static List<SizePoint> byTime(List<SizePoint> points) {
        int n = points.size();
        long[] t = new long[n];
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = points.get(i).timeNanos();
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                if (mid >= hi || t[a[mid - 1]] <= t[a[mid]]) { // already in order: copy
                    System.arraycopy(a, lo, b, lo, hi - lo);
                    continue;
                }
                while (i < mid && j < hi) {
                    b[k++] = t[a[j]] < t[a[i]] ? a[j++] : a[i++]; // ties from the left half: stable
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] swap = a;
            a = b;
            b = swap;
        }
        List<SizePoint> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(points.get(a[i]));
        }
        return out;
    }

    /** A source and destination address key (hash and equality written out: a record's go through method handles, slow while cold). */
    private static final class AddressPair {
        final long src;
        final long dst;

        AddressPair(long src, long dst) {
            this.src = src;
            this.dst = dst;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AddressPair a && a.src == src && a.dst == dst;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(src * 31 + dst);
        }
    }

    /** A sample's packets with an IP length, by source and destination, each list in the sample's order. */
    private static Map<AddressPair, List<Integer>> byAddresses(PacketSampler s) {
        Map<AddressPair, List<Integer>> out = new java.util.HashMap<>();
        AddressPair last = null;
        List<Integer> lastList = null;
        for (int i = 0; i < s.size(); i++) {
            if (s.ipLength(i) > 0) {
                if (last == null || last.src != s.src(i) || last.dst != s.dst(i)) {
                    last = new AddressPair(s.src(i), s.dst(i));
                    lastList = out.get(last);
                    if (lastList == null) {
                        lastList = new ArrayList<>();
                        out.put(last, lastList);
                    }
                }
                lastList.add(i);
            }
        }
        return out;
    }

    /**
     * Notes the TLS connections of each direction: their messages cannot be listed, yet the
     * verdict stands, since it rests on segments and ICMP, which encryption does not hide.
     */
    private static List<PathVerdict> withTlsNotes(List<PathVerdict> verdicts, PathModel model, Places places) {
        List<Connection> tls = model.connections().stream().filter(ReportBuilder::usesTls).toList();
        if (tls.isEmpty()) {
            return verdicts;
        }
        List<PathVerdict> out = new ArrayList<>();
        for (PathVerdict v : verdicts) {
            String from = places.host(v.from());
            String to = places.host(v.to());
            int n = 0;
            for (Connection c : tls) {
                for (int d = 0; d < 2; d++) {
                    HostDirection hd = PathModel.hostDirection(c, d);
                    if (places.host(hd.src()).equals(from) && places.host(hd.dst()).equals(to)) {
                        n++;
                        break;
                    }
                }
            }
            if (n == 0) {
                out.add(v);
                continue;
            }
            List<Evidence> ev = new ArrayList<>(v.evidence());
            ev.add(Evidence.of(Evidence.Kind.NOTE, null, null, n + " internode connection(s) between " + from + " and "
                    + to + " use TLS" + TLS_CONSEQUENCE, "tlsConnections", n));
            out.add(new PathVerdict(v.from(), v.to(), v.status(), v.mtu(), v.confidence(), v.summary(), ev, v.fixes(),
                    v.warnings()));
        }
        return out;
    }

    static final String TLS_CONSEQUENCE = " (internode encryption): gossip messages cannot be decoded;"
            + " segment fates and ICMP are still analysed";

    private static boolean usesTls(Connection c) {
        for (TcpFlow f : c.sightings()) {
            if (GossipStreams.usesTls(f)) {
                return true;
            }
        }
        return false;
    }

    /** Adds "b was waiting for SCHEMA_PULL_RSP" to the verdict of the direction that lost it. */
    private static List<PathVerdict> withWaiting(List<PathVerdict> verdicts, List<GossipAnalysis.Waiting> waiting,
            List<GossipAnalysis.Ignored> ignored, Places places) {
        List<PathVerdict> out = new ArrayList<>();
        for (PathVerdict v : verdicts) {
            List<Evidence> ev = new ArrayList<>(v.evidence());
            StringBuilder summary = new StringBuilder(v.summary());
            PathStatus status = v.status();
            List<Fix> fixes = new ArrayList<>(v.fixes());
            for (GossipAnalysis.Ignored i : ignored) {
                if (i.from().equals(places.host(v.from())) && i.to().equals(places.host(v.to()))) {
                    ev.add(0, Evidence.of(Evidence.Kind.GOSSIP_IGNORED, null, null, i.text(), "syns", i.syns(),
                            "clusterName", i.ourCluster(), "partitioner", i.ourPartitioner(),
                            "peerClusterName", i.theirCluster(), "peerPartitioner", i.theirPartitioner()));
                    if (!status.isProblem()) {
                        status = PathStatus.MISMATCH;
                        summary = new StringBuilder("The network delivers, but " + i.text() + " " + v.summary());
                        fixes.add(0, new Fix(Fix.Kind.OTHER, i.from(), "grep -E '^(cluster_name|partitioner):' cassandra.yaml",
                                "cluster_name and partitioner must be the same on every node; the seed drops SYNs that differ"));
                    }
                }
            }
            for (GossipAnalysis.Waiting w : waiting) {
                MessageInfo r = w.reply();
                if (r.from().equals(places.host(v.from())) && r.to().equals(places.host(v.to()))) {
                    ev.add(0, Evidence.of(Evidence.Kind.GOSSIP_MESSAGE_LOST, null, r.timeNanos(), w.text(), "verb", r.verb(),
                            "id", r.id(), "size", r.size(), "flow", r.flowId(), "waiter", w.waiter()));
                    summary.append(' ').append(w.text());
                }
            }
            out.add(new PathVerdict(v.from(), v.to(), status, v.mtu(), v.confidence(), summary.toString(), ev,
                    fixes, v.warnings()));
        }
        return out;
    }

    private long t(int point, long time) {
        return time - model.offsetToFirst(point);
    }

    private void event(long time, String where, String text) {
        timeline.add(new Pending(time, where, text, null, null));
    }

    private FlowInfo flow(Connection c) {
        List<String> seenAt = new ArrayList<>();
        for (int p : model.order(PathModel.hostDirection(c, TcpFlow.C2S))) {
            if (c.atPoint(p) != null) {
                seenAt.add(model.point(p).label());
            }
        }
        for (TcpFlow f : c.sightings()) {
            if (!seenAt.contains(model.point(f.point()).label())) {
                seenAt.add(model.point(f.point()).label());
            }
        }
        TcpFlow any = c.any();
        boolean handshake = false;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (TcpFlow f : c.sightings()) {
            handshake |= f.rolesFromHandshake();
            first = Math.min(first, t(f.point(), f.firstTime()));
            last = Math.max(last, t(f.point(), f.lastTime()));
        }
        String end = "open at the end of the capture";
        for (TcpFlow f : c.sightings()) {
            if (f.reset()) {
                end = "reset by " + (c.direction(f, TcpFlow.C2S).index() == f.resetBy() ? "client" : "server");
                break;
            }
            if (f.direction(0).finSeen() || f.direction(1).finSeen()) {
                end = "closed (FIN)";
            }
        }
        return new FlowInfo(c.id(), any.client(), any.server(), first, last, handshake, seenAt,
                direction(c, TcpFlow.C2S), direction(c, TcpFlow.S2C), end, usesTls(c));
    }

    private FlowInfo.FlowDirection direction(Connection c, int d) {
        HostDirection hd = PathModel.hostDirection(c, d);
        List<TcpDirection> dirs = c.at(model.order(hd), d);
        TcpDirection x = dirs.isEmpty() ? c.direction(c.any(), d) : dirs.get(0);
        long undelivered = SegmentFates.undelivered(model, c, d).totalBytes();
        return new FlowInfo.FlowDirection(places.host(hd.src()), places.host(hd.dst()),
                model.point(x.flow().point()).label(), x.packets(), x.dataPackets(), x.payloadBytes(), x.retransPackets(),
                x.superSegments(), x.maxIpLength(), x.maxWireIpLength(), x.mss(), x.windowScale(), x.sackPermitted(),
                x.timestamps(), undelivered, x.truncatedPackets());
    }

    private List<LossInfo> losses(Connection c, int d, List<SegmentFate> fates) {
        HostDirection hd = PathModel.hostDirection(c, d);
        List<Integer> order = model.order(hd);
        IntervalSet undelivered = SegmentFates.undelivered(model, c, d);
        List<SegmentFate> mine = fates;
        IntervalSet ranges = new IntervalSet();
        for (SegmentFate f : mine) {
            ranges.add(f.transmission().start(), f.transmission().end());
        }
        for (int i = 0; i < undelivered.size(); i++) {
            ranges.add(undelivered.start(i), undelivered.end(i));
        }
        List<List<SegmentFate>> inRange = byRange(ranges, mine, f -> f.transmission().start(),
                f -> f.transmission().end());
        List<LossInfo> out = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            long s = ranges.start(i);
            long e = ranges.end(i);
            List<SegmentFate> overlapping = inRange.get(i);
            int copies = 0;
            int min = Integer.MAX_VALUE;
            int max = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            Map<String, Integer> where = new LinkedHashMap<>();
            List<Long> times = new ArrayList<>();
            SegmentFate sample = null;
            for (SegmentFate f : overlapping) {
                copies++;
                min = Math.min(min, f.transmission().wireIpLength());
                max = Math.max(max, f.transmission().wireIpLength());
                long tt = t(f.firstPoint(), f.transmission().timeNanos());
                first = Math.min(first, tt);
                last = Math.max(last, tt);
                times.add(tt);
                String w = f.kind() == SegmentFate.Kind.DIED ? places.between(order, f.lastSeen(), f.nextPoint())
                        : "somewhere beyond " + places.point(f.firstPoint()) + " (never acknowledged)";
                where.merge(w, 1, Integer::sum);
                if (sample == null || f.kind() == SegmentFate.Kind.DIED) {
                    sample = f;
                }
            }
            if (copies == 0) {
                continue; // in flight at the end of the capture: not a loss
            }
            String between = where.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
            String lastSeen = model.point(sample.lastSeen()).label();
            String next = sample.kind() == SegmentFate.Kind.DIED && sample.nextPoint() >= 0
                    ? model.point(sample.nextPoint()).label() : null;
            boolean delivered = !undelivered.intersects(s, e);
            times.sort(null);
            out.add(new LossInfo(c.id(), places.host(hd.src()), places.host(hd.dst()), s, e, copies, min, max, first, last,
                    lastSeen, next, between, delivered,
                    List.copyOf(times.subList(0, Math.min(times.size(), LossInfo.MAX_COPY_TIMES)))));
        }
        return out;
    }

    /**
     * For each range of {@code ranges} (sorted, disjoint), the items whose {@code [start, end)}
     * overlaps it, in the items' order. A binary search finds the first range an item can
     * overlap: comparing every item with every range cost seconds on a direction with thousands
     * of retransmissions.
     */
    static <T> List<List<T>> byRange(IntervalSet ranges, List<T> items, java.util.function.ToLongFunction<T> start,
            java.util.function.ToLongFunction<T> end) {
        int n = ranges.size();
        List<List<T>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>(2));
        }
        for (T item : items) {
            long s = start.applyAsLong(item);
            long e = end.applyAsLong(item);
            int lo = 0;
            int hi = n; // the first range that ends after s
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ranges.end(mid) <= s) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = lo; i < n && ranges.start(i) < e; i++) {
                out.get(i).add(item);
            }
        }
        return out;
    }

    private void connectionEvents(Connection c) {
        TcpFlow f0 = c.any();
        for (TcpFlow f : c.sightings()) {
            if (f != f0) {
                continue;
            }
            String where = model.point(f.point()).label();
            TcpDirection cs = c.direction(f, TcpFlow.C2S);
            if (cs.synSeen()) {
                event(t(f.point(), cs.synTime()), where, "#" + c.id() + " " + f.client() + " -> " + f.server() + " SYN"
                        + (cs.mss() > 0 ? " MSS " + cs.mss() : "") + (cs.synCount() > 1 ? " (sent " + cs.synCount() + " times)" : ""));
            }
            if (f.reset()) {
                event(t(f.point(), f.resetTime()), where, "#" + c.id() + " reset by "
                        + (c.direction(f, TcpFlow.C2S).index() == f.resetBy() ? f.client() : f.server()));
            }
        }
    }

    private IcmpInfo icmp(IcmpFinding f) {
        List<String> seen = new ArrayList<>();
        for (int p : f.seenAt()) {
            seen.add(model.point(p).label());
        }
        long time = t(f.event().point(), f.event().timeNanos());
        String lost = Boolean.FALSE.equals(f.reachedSender()) ? places.icmpLost(f, places.host(f.about().src())) : null;
        event(time, seen.get(0), (f.event().ipVersion() == 6 ? "ICMPv6 Packet Too Big" : "ICMP frag-needed") + " from "
                + f.router() + " MTU " + f.mtu() + " about " + f.about()
                + (Boolean.FALSE.equals(f.reachedSender()) ? " (never reached the sender" + (lost == null ? "" : ": " + lost)
                        + ")" : f.reachedSender() == null ? " (" + IcmpFinding.NO_CAPTURE_AT_SENDER + ")" : ""));
        return new IcmpInfo(time, f.event().ipVersion(), f.router(), f.mtu(), f.mtuFromPlateau(),
                f.about().toString(), f.connection() == null ? -1 : f.connection().id(),
                f.quoted() == null ? -1 : f.quoted().start(), f.event().quotedTotalLength(), seen, f.reachedSender(),
                f.senderReacted(), f.learnedMss(), lost);
    }
}
