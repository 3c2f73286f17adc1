package io.gossippreflight.cli.render;

import io.gossippreflight.analyzer.pass.CaptureSummary;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.ClockInfo;
import io.gossippreflight.analyzer.report.FlowInfo;
import io.gossippreflight.analyzer.report.IcmpInfo;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.analyzer.report.PathInfo;
import io.gossippreflight.analyzer.report.PointInfo;
import io.gossippreflight.analyzer.report.TimelineEvent;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.PathVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An analysis report with each fact once: connections, ICMP, gossip messages and timeline
 * events that repeat are folded into groups with a count and a time span, each detail item
 * gets an id (#3, L1, I1, M1), and each verdict's evidence is folded and points at those ids.
 * Text, HTML, Markdown and JSON read the same digest, so they say the same thing.
 */
public final class AnalyzeDigest {
    /** Connections that look alike (the same attempt repeated) as one. */
    public record ConnectionGroup(List<Integer> ids, FlowInfo sample, long first, long last) {
        public int count() {
            return ids.size();
        }
    }

    /** ICMP errors from one router about one direction with the same fate. */
    public record IcmpGroup(String id, List<IcmpInfo> members, long first, long last, int minQuoted, int maxQuoted) {
        public IcmpInfo sample() {
            return members.get(0);
        }

        /** What the sender did: "adapted", "kept sending too-big packets" or "unknown". */
        public String reaction() {
            boolean ignored = members.stream().anyMatch(i -> Boolean.FALSE.equals(i.senderReacted()));
            boolean adapted = members.stream().anyMatch(i -> Boolean.TRUE.equals(i.senderReacted()));
            return ignored ? "the sender kept sending too-big packets" : adapted ? "the sender adapted" : "the sender's reaction is unknown";
        }
    }

    /** A lost byte range, with its id. */
    public record Loss(String id, LossInfo info) {
    }

    /** Gossip messages that say the same (the same request retried, steady gossip) as one. */
    public record MessageGroup(String id, List<MessageInfo> members, long first, long last) {
        public MessageInfo sample() {
            return members.get(0);
        }
    }

    /** Timeline events that repeat, as one line placed where the first happened. */
    public record Event(String where, String text, int count, long first, long last) {
    }

    /** One folded fact of a verdict and the detail items that show it. */
    public record Finding(Fold.Folded fact, List<String> see) {
    }

    private final AnalysisReport report;
    private final TimeFormat times;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final List<ConnectionGroup> connections = new ArrayList<>();
    private final List<Loss> losses = new ArrayList<>();
    private final List<IcmpGroup> icmp = new ArrayList<>();
    private final List<MessageGroup> messages = new ArrayList<>();
    private final List<Event> timeline = new ArrayList<>();

    public AnalyzeDigest(AnalysisReport r, TimeFormat.Style style) {
        this.report = r;
        long zero = r.captures().stream().filter(c -> c.packets() > 0).mapToLong(CaptureSummary::firstTime).min().orElse(0);
        long last = r.captures().stream().filter(c -> c.packets() > 0).mapToLong(CaptureSummary::lastTime).max().orElse(zero);
        this.times = new TimeFormat(style, zero, last);
        for (PathInfo p : r.paths()) {
            name(p.from());
            name(p.to());
        }
        for (LossInfo l : r.losses()) {
            name(l.from());
            name(l.to());
        }
        foldConnections();
        int n = 1;
        for (LossInfo l : r.losses()) {
            losses.add(new Loss("L" + n++, l));
        }
        foldIcmp();
        foldMessages();
        foldTimeline();
    }

    /** Remembers "198.18.1.2 (a)" for "198.18.1.2". */
    private void name(String display) {
        int paren = display.indexOf(" (");
        if (paren > 0) {
            names.putIfAbsent(display.substring(0, paren), display);
        }
    }

    /** "198.18.1.2 (a)" when a capture was taken on that host, else the address. */
    public String host(String address) {
        return names.getOrDefault(address, address);
    }

    /** The address part of "198.18.1.2 (a)" or "198.18.1.2:40914". */
    static String address(String display) {
        int paren = display.indexOf(" (");
        String s = paren > 0 ? display.substring(0, paren) : display;
        return s;
    }

    private static String hostOfEndpoint(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        String h = colon > 0 ? endpoint.substring(0, colon) : endpoint;
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    public AnalysisReport report() {
        return report;
    }

    public TimeFormat times() {
        return times;
    }

    public List<ConnectionGroup> connections() {
        return connections;
    }

    public List<Loss> losses() {
        return losses;
    }

    public List<IcmpGroup> icmp() {
        return icmp;
    }

    public List<MessageGroup> messages() {
        return messages;
    }

    public List<Event> timeline() {
        return timeline;
    }

    private void foldConnections() {
        Map<String, List<FlowInfo>> groups = new LinkedHashMap<>();
        for (FlowInfo f : report.flows()) {
            String key = String.join("|", hostOfEndpoint(f.client()), f.server(), f.end(), String.valueOf(f.seenAt()),
                    String.valueOf(f.tls()), signature(f.clientToServer()), signature(f.serverToClient()));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        for (List<FlowInfo> g : groups.values()) {
            List<Integer> ids = g.stream().map(FlowInfo::id).toList();
            long first = g.stream().mapToLong(FlowInfo::firstTime).min().orElse(0);
            long last = g.stream().mapToLong(FlowInfo::lastTime).max().orElse(0);
            connections.add(new ConnectionGroup(ids, g.get(0), first, last));
        }
    }

    private static String signature(FlowInfo.FlowDirection d) {
        return d.packets() + "/" + d.dataPackets() + "/" + d.bytes() + "/" + d.retransmissions() + "/" + d.superSegments()
                + "/" + d.maxWireIpLength() + "/" + d.mss() + "/" + d.undeliveredBytes();
    }

    private void foldIcmp() {
        Map<String, List<IcmpInfo>> groups = new LinkedHashMap<>();
        for (IcmpInfo i : report.icmp()) {
            String key = String.join("|", i.router(), String.valueOf(i.mtu()), String.valueOf(i.plateau()), i.about(),
                    String.valueOf(i.seenAt()), String.valueOf(i.reachedSender()), String.valueOf(i.ipVersion()));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        int n = 1;
        for (List<IcmpInfo> g : groups.values()) {
            icmp.add(new IcmpGroup("I" + n++, List.copyOf(g), g.stream().mapToLong(IcmpInfo::timeNanos).min().orElse(0),
                    g.stream().mapToLong(IcmpInfo::timeNanos).max().orElse(0),
                    g.stream().mapToInt(IcmpInfo::quotedLength).min().orElse(0),
                    g.stream().mapToInt(IcmpInfo::quotedLength).max().orElse(0)));
        }
    }

    /** Whether a message is listed without --all-messages: notable, or not delivered. */
    public static boolean notable(MessageInfo m) {
        return m.note() != null || !m.delivered();
    }

    private void foldMessages() {
        Map<String, List<MessageInfo>> groups = new LinkedHashMap<>();
        for (MessageInfo m : report.messages()) {
            String key = String.join("|", String.valueOf(m.flowId()), m.from(), m.to(), m.verb(), String.valueOf(m.size()),
                    String.valueOf(m.digests()), String.valueOf(m.states()), m.fate(), String.valueOf(m.note()));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
        }
        int n = 1;
        for (List<MessageInfo> g : groups.values()) {
            messages.add(new MessageGroup("M" + n++, List.copyOf(g), g.get(0).timeNanos(), g.get(g.size() - 1).timeNanos()));
        }
    }

    private static final java.util.regex.Pattern CONNECTION_ID = java.util.regex.Pattern.compile("#\\d+");
    private static final java.util.regex.Pattern PORT = java.util.regex.Pattern.compile("(?<=\\d):\\d+");
    private static final java.util.regex.Pattern ENDS_WITH_PORT = java.util.regex.Pattern.compile(".*\\d:\\d+");

    private void foldTimeline() {
        Map<String, List<TimelineEvent>> groups = new LinkedHashMap<>();
        for (TimelineEvent e : report.timeline()) {
            String key = e.where() + "\n" + Fold.skeleton(PORT.matcher(CONNECTION_ID.matcher(e.text()).replaceAll("#"))
                    .replaceAll(":*"));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        Fold.joinShorter(groups);
        for (List<TimelineEvent> g : groups.values()) {
            g.sort(java.util.Comparator.comparingLong(TimelineEvent::timeNanos));
            List<String> texts = g.stream().map(TimelineEvent::text).toList();
            timeline.add(new Event(g.get(0).where(), mergeTokens(texts), g.size(), g.get(0).timeNanos(),
                    g.get(g.size() - 1).timeNanos()));
        }
    }

    /**
     * Texts of one shape as one, word by word: connection ids become "#5-#12", ports that vary
     * ":*", sizes that vary a range.
     */
    static String mergeTokens(List<String> texts) {
        if (texts.size() == 1) {
            return texts.get(0);
        }
        List<String[]> words = texts.stream().map(t -> t.split(" ", -1)).toList();
        int n = words.get(0).length;
        if (words.stream().anyMatch(w -> w.length != n)) {
            return Fold.merge(texts);
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            final int col = k;
            List<String> column = words.stream().map(w -> w[col]).toList();
            String w0 = column.get(0);
            String w = w0;
            if (column.stream().anyMatch(x -> !x.equals(w0))) {
                if (column.stream().allMatch(x -> CONNECTION_ID.matcher(x).matches())) {
                    w = Fold.ids(column.stream().map(x -> Integer.parseInt(x.substring(1))).distinct().sorted().toList());
                } else if (column.stream().allMatch(x -> ENDS_WITH_PORT.matcher(x).matches())) {
                    w = w.substring(0, w.lastIndexOf(':')) + ":*";
                } else {
                    w = Fold.merge(column);
                }
            }
            sb.append(k == 0 ? "" : " ").append(w);
        }
        return sb.toString();
    }

    /** Whether a displayed host ("198.18.1.2 (a)", "198.18.1.2") is the address. */
    static boolean same(String display, String address) {
        return Objects.equals(address(display), address(address));
    }

    /** A verdict's evidence, each fact once, with the detail items that show it. */
    public List<Finding> findings(PathVerdict v) {
        List<Finding> out = new ArrayList<>();
        for (Fold.Folded f : Fold.evidence(v.evidence())) {
            out.add(new Finding(f, see(v, f)));
        }
        return out;
    }

    /** The losses' ids by the addresses of their two hosts (what same() compares), in the losses' order. */
    private Map<List<String>, List<String>> lossIds;

    private Map<List<String>, List<String>> lossIds() {
        if (lossIds == null) {
            lossIds = new java.util.HashMap<>();
            for (Loss l : losses) {
                lossIds.computeIfAbsent(List.of(address(l.info().from()), address(l.info().to())), k -> new ArrayList<>())
                        .add(l.id());
            }
        }
        return lossIds;
    }

    private List<String> see(PathVerdict v, Fold.Folded f) {
        List<String> refs = new ArrayList<>();
        String from = v.from();
        String to = v.to();
        switch (f.kind()) {
            case PACKET_LOST -> {
                if (!losses.isEmpty()) {
                    refs.addAll(lossIds().getOrDefault(List.of(address(from), address(to)), List.of()));
                }
            }
            case ICMP_FRAG_NEEDED, ICMP_NOT_DELIVERED, SENDER_REACTED, SENDER_IGNORED_ICMP -> {
                String about = icmp.isEmpty() ? null : address(from) + " -> " + address(to);
                for (IcmpGroup g : icmp) {
                    if (g.sample().about().equals(about)) {
                        refs.add(g.id());
                    }
                }
            }
            case GOSSIP_MESSAGE_LOST, GOSSIP_MESSAGE_DELIVERED, GOSSIP_IGNORED -> {
                for (MessageGroup g : messages) {
                    MessageInfo m = g.sample();
                    if (!same(m.from(), from) || !same(m.to(), to)) {
                        continue;
                    }
                    boolean named = f.members().stream().anyMatch(e -> Objects.equals(e.facts().get("verb"), m.verb())
                            && Objects.equals(String.valueOf(e.facts().get("id")), String.valueOf(m.id())));
                    boolean ignoredSyn = f.kind() == Evidence.Kind.GOSSIP_IGNORED && m.verb().equals("GOSSIP_DIGEST_SYN");
                    if (named || ignoredSyn) {
                        refs.add(g.id());
                    }
                }
            }
            case RETRANSMISSIONS, CONNECTION_REFUSED, HANDSHAKE_UNANSWERED, CONNECTION_RESET, MSS_REWRITTEN, MSS_ADVERTISED -> {
                for (ConnectionGroup g : connections) {
                    FlowInfo c = g.sample();
                    boolean forward = same(hostOfEndpoint(c.client()), from) && same(hostOfEndpoint(c.server()), to);
                    boolean backward = same(hostOfEndpoint(c.server()), from) && same(hostOfEndpoint(c.client()), to);
                    boolean relevant = switch (f.kind()) {
                        case RETRANSMISSIONS -> forward && (c.clientToServer().retransmissions() > 0
                                || c.clientToServer().undeliveredBytes() > 0)
                                || backward && (c.serverToClient().retransmissions() > 0 || c.serverToClient().undeliveredBytes() > 0);
                        case CONNECTION_REFUSED -> forward && c.end().equals("reset by server");
                        case CONNECTION_RESET -> forward && c.end().startsWith("reset");
                        case HANDSHAKE_UNANSWERED -> forward && c.serverToClient().packets() == 0;
                        default -> forward;
                    };
                    if (relevant) {
                        refs.add(Fold.ids(g.ids()));
                    }
                }
            }
            default -> {
            }
        }
        return refs;
    }

    /**
     * The clock of one capture against the first capture's.
     *
     * @param offsetNanos clock(capture) - clock(reference), or null when unknown
     * @param matched     packets seen at both that gave the estimate
     */
    public record ClockOffset(String capture, String reference, Long offsetNanos, int matched) {
        /** "reference", "+0.5 us vs a (889 packets seen at both)", "unknown (...)". */
        public String text() {
            if (capture.equals(reference)) {
                return "reference";
            }
            if (offsetNanos == null) {
                return "unknown (no two-way traffic seen at both " + reference + " and " + capture + ")";
            }
            return offset(offsetNanos) + " vs " + reference + " (" + matched + " packets seen at both)";
        }
    }

    /** Each capture's clock against the first capture's, estimated from packets both saw. */
    public List<ClockOffset> clockOffsets() {
        List<ClockOffset> out = new ArrayList<>();
        List<CaptureSummary> caps = report.captures();
        if (caps.isEmpty()) {
            return out;
        }
        String ref = caps.get(0).name();
        for (CaptureSummary c : caps) {
            if (c.name().equals(ref)) {
                out.add(new ClockOffset(ref, ref, 0L, 0));
                continue;
            }
            ClockInfo best = null;
            boolean flip = false;
            for (ClockInfo k : report.clocks()) {
                boolean pRef = captureOf(k.p()).equals(ref) && captureOf(k.q()).equals(c.name());
                boolean qRef = captureOf(k.q()).equals(ref) && captureOf(k.p()).equals(c.name());
                if ((pRef || qRef) && (best == null || k.known() && !best.known()
                        || k.known() == best.known() && k.matchedPackets() > best.matchedPackets())) {
                    best = k;
                    flip = qRef;
                }
            }
            if (best == null || !best.known()) {
                out.add(new ClockOffset(c.name(), ref, null, best == null ? 0 : best.matchedPackets()));
            } else {
                out.add(new ClockOffset(c.name(), ref, flip ? -best.offsetNanos() : best.offsetNanos(), best.matchedPackets()));
            }
        }
        return out;
    }

    private String captureOf(String pointLabel) {
        for (PointInfo p : report.points()) {
            if (p.label().equals(pointLabel)) {
                return p.capture();
            }
        }
        int hash = pointLabel.indexOf('#');
        return hash > 0 ? pointLabel.substring(0, hash) : pointLabel;
    }

    /** "+1.234 ms", "-12 us", "0". */
    static String offset(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        String sign = nanos > 0 ? "+" : "-";
        long a = Math.abs(nanos);
        if (a >= 1_000_000_000L) {
            return sign + String.format(java.util.Locale.ROOT, "%.3f s", a / 1e9);
        }
        if (a >= 1_000_000L) {
            return sign + String.format(java.util.Locale.ROOT, "%.3f ms", a / 1e6);
        }
        return sign + String.format(java.util.Locale.ROOT, "%.1f us", a / 1e3);
    }
}
