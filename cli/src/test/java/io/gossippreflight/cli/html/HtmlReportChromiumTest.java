package io.gossippreflight.cli.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.cli.Preflight;
import io.gossippreflight.cli.render.ProbeHtmlRenderer;
import io.gossippreflight.fixtures.FixtureFiles;
import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.check.ClusterNeeds;
import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The HTML reports rendered by a real browser: the page Chromium builds from the file has one
 * ladder column per capture point, an X for each lost message, segment range and dropped ICMP,
 * and the MTU line (or bracket) where the verdict puts the MTU; the screenshot is not blank.
 */
class HtmlReportChromiumTest {
    @TempDir
    Path dir;

    static String cap(String name) {
        return FixtureFiles.capture(name).toString();
    }

    private record Analysis(JsonNode json, Path html) {
    }

    private Analysis analyze(String name, String... captures) throws Exception {
        Path html = dir.resolve(name + ".html");
        List<String> args = new ArrayList<>(List.of("analyze", "--json", "--html", html.toString()));
        args.addAll(List.of(captures));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Preflight.commandLine(out, err).execute(args.toArray(String[]::new));
        assertTrue(code == 0 || code == 1, err.toString());
        return new Analysis(new ObjectMapper().readTree(out.toString()), html);
    }

    /** The svg elements of a dumped DOM whose class starts with {@code cls}, each parsed as XML. */
    static List<Element> svgs(String dom, String cls) throws Exception {
        List<Element> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg class=\"" + cls + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
        while (m.find()) {
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
            out.add(d.getDocumentElement());
        }
        return out;
    }

    static List<Element> byClass(Element root, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = root.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    static int sumCounts(List<Element> xs, String kind) {
        return xs.stream().filter(x -> x.getAttribute("data-kind").equals(kind))
                .mapToInt(x -> Integer.parseInt(x.getAttribute("data-count"))).sum();
    }

    /** The y the chart must give a size, from the plot geometry it declares. */
    static double expectedY(Element chart, int size) {
        double top = Double.parseDouble(chart.getAttribute("data-plot-top"));
        double h = Double.parseDouble(chart.getAttribute("data-plot-height"));
        double max = Double.parseDouble(chart.getAttribute("data-y-max"));
        return top + h - h * size / max;
    }

    static Element chartFor(List<Element> charts, String from, String to) {
        return charts.stream().filter(c -> c.getAttribute("data-from").equals(from) && c.getAttribute("data-to").equals(to))
                .findFirst().orElseThrow(() -> new AssertionError("no chart for " + from + " -> " + to));
    }

    static void selfContained(String html) {
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing fetched when the page opens");
        assertFalse(html.contains(" src=") || html.contains("<link"), "no external resources");
    }

    static void notBlank(Path png, int width) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth());
        Set<Integer> colours = new HashSet<>();
        boolean red = false;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                red |= (rgb >> 16 & 0xff) > 170 && (rgb >> 8 & 0xff) < 80 && (rgb & 0xff) < 80;
            }
        }
        assertTrue(colours.size() > 50, "a rendered page, not a blank one: " + colours.size() + " colours");
        assertTrue(red, "the failed verdict and the X marks are drawn in red");
    }

    @Test
    void sixPointSeedStory() throws Exception {
        Chromium chromium = Chromium.require(dir);
        String p = "preflight-node/six-point-";
        Analysis a = analyze("six-point", cap(p + "a.pcap"), cap(p + "sga.pcap"), cap(p + "ga.pcap"), cap(p + "gb.pcap"),
                cap(p + "sgb.pcap"), cap(p + "b.pcap"));
        selfContained(Files.readString(a.html()));
        String dom = chromium.dumpDom(a.html());
        assertTrue(dom.contains("copy</button>"), "the fixes have copy buttons");

        Element ladder = svgs(dom, "ladder").get(0);
        JsonNode path = null;
        for (JsonNode x : a.json().get("paths")) {
            if (x.get("from").asText().startsWith("198.18.1.2")) {
                path = x;
            }
        }
        assertEquals(path.get("points").size(), byClass(ladder, "g", "column").size(), "one column per capture point");
        assertEquals(10, path.get("points").size());
        List<Element> xs = byClass(ladder, "g", "x");
        int lostMessages = 0;
        for (JsonNode m : a.json().get("messages")) {
            lostMessages += m.get("delivered").asBoolean() ? 0 : 1;
        }
        assertEquals(1, lostMessages);
        assertEquals(lostMessages, sumCounts(xs, "message"), "an X for each lost message");
        int lostCopies = 0;
        for (JsonNode l : a.json().get("losses")) {
            lostCopies += l.get("copies").asInt();
        }
        assertEquals(lostCopies, sumCounts(xs, "segment"), "the lost copies, grouped");
        int droppedIcmp = 0;
        for (JsonNode i : a.json().get("icmp")) {
            droppedIcmp += i.get("reachedSender").asBoolean(true) ? 0 : 1;
        }
        assertEquals(8, droppedIcmp); // the ninth came after a's capture had stopped: not known to be dropped
        assertEquals(droppedIcmp, sumCounts(xs, "icmp"), "every ICMP that never reached the sender ends in an X");
        Element icmpX = xs.stream().filter(x -> x.getAttribute("data-kind").equals("icmp")).findFirst().orElseThrow();
        List<String> cols = new ArrayList<>();
        path.get("points").forEach(x -> cols.add(x.get("point").asText()));
        double at = Double.parseDouble(icmpX.getAttribute("data-col"));
        assertEquals((cols.indexOf("sga#if2") + cols.indexOf("sga#if3")) / 2.0, at, "the ICMP died inside sga");

        JsonNode hole = null;
        for (JsonNode v : a.json().get("verdicts")) {
            if (v.get("status").asText().equals("BLACK_HOLE")) {
                hole = v;
            }
        }
        Element chart = chartFor(svgs(dom, "sizechart"), hole.get("from").asText(), hole.get("to").asText());
        Element mtu = byClass(chart, "line", "mtu").get(0);
        assertEquals(hole.at("/mtu/exact").asInt(), Integer.parseInt(mtu.getAttribute("data-mtu")));
        assertEquals(1422, Integer.parseInt(mtu.getAttribute("data-mtu")));
        assertEquals(expectedY(chart, 1422), Double.parseDouble(mtu.getAttribute("y1")), 0.15, "the MTU line at 1422");
        assertTrue(byClass(chart, "g", "lost-mark").size() >= 7, "the lost 5,348-byte copies are drawn");

        Path png = chromium.screenshot(a.html(), dir.resolve("six-point.png"), 1280, 2400);
        notBlank(png, 1280);
    }

    @Test
    void realCassandraBlackHoleShowsTheBracket() throws Exception {
        Chromium chromium = Chromium.require(dir);
        String p = "cassandra-5.0.9/blackhole-16tokens-";
        Analysis a = analyze("blackhole", "--path", "a,ga,gb,b", cap(p + "a.pcap"), cap(p + "ga.pcap"), cap(p + "gb.pcap"),
                cap(p + "b.pcap"));
        String dom = chromium.dumpDom(a.html());
        Element ladder = svgs(dom, "ladder").get(0);
        assertEquals(6, byClass(ladder, "g", "column").size());
        assertEquals(1, sumCounts(byClass(ladder, "g", "x"), "message"), "SCHEMA_PULL_RSP died");
        JsonNode hole = a.json().get("verdicts").get(1);
        assertEquals("BLACK_HOLE", hole.get("status").asText());
        Element chart = chartFor(svgs(dom, "sizechart"), hole.get("from").asText(), hole.get("to").asText());
        List<Element> bounds = byClass(chart, "line", "mtu-bound");
        assertEquals(2, bounds.size());
        assertTrue(byClass(chart, "line", "mtu").isEmpty(), "no exact line when only a bracket is known");
        int lo = hole.at("/mtu/lowerBound").asInt();
        int hi = hole.at("/mtu/upperBound").asInt();
        assertEquals(List.of(757, 4099), List.of(lo, hi));
        for (Element b : bounds) {
            int v = Integer.parseInt(b.getAttribute("data-mtu"));
            assertTrue(v == lo || v == hi, "bound " + v);
            assertEquals(expectedY(chart, v), Double.parseDouble(b.getAttribute("y1")), 0.15);
        }
    }

    public static TargetReport probeBlackHole() {
        PathVerdict out = new PathVerdict("198.18.2.2", "198.18.1.2", PathStatus.BLACK_HOLE,
                new MtuEstimate(1422, null, 1422, 1423, null, MtuEstimate.Source.BISECTION), Confidence.HIGH,
                "silent black hole us → target: packets over 1422 bytes vanish and no ICMP reaches the sender (path MTU 1422)",
                null, List.of(io.gossippreflight.verdict.Fixes.routeMtuLock("198.18.2.2", "198.18.1.2", null, "198.18.2.1",
                        "eth0", 1422, 4)), null);
        PathVerdict in = new PathVerdict("198.18.1.2", "198.18.2.2", PathStatus.HEALTHY,
                new MtuEstimate(null, null, 9001, null, null, MtuEstimate.Source.NONE), Confidence.HIGH,
                "every size up to 9001 crossed", null, null, null);
        List<ProbeRecord> probes = new ArrayList<>();
        int[][] outbound = {{300, 1}, {1045, 1}, {2052, 0}, {4047, 0}, {1500, 0}, {1300, 1}, {1422, 1}, {1423, 0}, {129, 2}};
        for (int[] p : outbound) {
            ProbeOutcome o = p[1] == 1 ? ProbeOutcome.CROSSED : p[1] == 2 ? ProbeOutcome.CROSSED_LATE : ProbeOutcome.LOST;
            probes.add(new ProbeRecord(Direction.OUTBOUND, p[0] > 1045 && p[0] < 2000 ? ProbeKind.BISECT : ProbeKind.LADDER,
                    "SYN", p[0] - 60, p[0], o, Duration.ofMillis(o == ProbeOutcome.LOST ? 400 : 2), -1, true));
        }
        for (int s : new int[] {300, 1045, 9001}) {
            probes.add(new ProbeRecord(Direction.INBOUND, ProbeKind.LADDER, "ACK", s - 60, s, ProbeOutcome.CROSSED,
                    Duration.ofMillis(3), -1, true));
        }
        ClusterNeeds needs = new ClusterNeeds("the target's shadow-round ACK", 1, 256, List.of(
                new ClusterNeeds.Needed(Direction.INBOUND, "shadow-round ACK (every endpoint state)", 5242, 5304, true, false),
                new ClusterNeeds.Needed(Direction.OUTBOUND, "ACK2 with every endpoint state", 5207, 5269, false, false)));
        return new TargetReport("198.18.1.2:7000", TargetKind.RESPONDER, 12, 0.06, "198.18.2.2", out, in, needs,
                new long[] {2800, 1200}, 3000, 0, List.of(), probes);
    }

    @Test
    void probeLadderAndBisection() throws Exception {
        Chromium chromium = Chromium.require(dir);
        TargetReport r = probeBlackHole();
        Path html = dir.resolve("probe.html");
        Files.writeString(html, new ProbeHtmlRenderer().render(List.of(r), "preflight test", 1,
                Instant.parse("2026-12-06T13:40:00Z")));
        selfContained(Files.readString(html));
        String dom = chromium.dumpDom(html);
        List<Element> charts = svgs(dom, "probechart");
        assertEquals(2, charts.size(), "one chart per direction");
        Element out = chartFor(charts, "198.18.2.2", "198.18.1.2");
        Element mtu = byClass(out, "line", "mtu").get(0);
        assertEquals("1422", mtu.getAttribute("data-mtu"));
        assertEquals(expectedY(out, 1422), Double.parseDouble(mtu.getAttribute("y1")), 0.15);
        assertEquals(4, byClass(out, "g", "lost-mark").size(), "an X per lost probe");
        assertEquals(4, byClass(out, "circle", "sent").size(), "a dot per probe that crossed");
        assertEquals(1, byClass(out, "circle", "late").size(), "and one for the late one");
        assertTrue(dom.contains("ACK2 with every endpoint state") && dom.contains("CANNOT CROSS"), "the needs");
        notBlank(chromium.screenshot(html, dir.resolve("probe.png"), 1280, 1600), 1280);
    }
}
