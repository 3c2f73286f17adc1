package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.capture.PcapWriter;
import io.gossippreflight.fixtures.FixtureFiles;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class AnalyzeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Preflight.commandLine(out, err).execute(args);
    }

    static String cap(String name) {
        return FixtureFiles.capture("cassandra-5.0.9/" + name + ".pcap").toString();
    }

    @Test
    void blackHoleIsExitOneWithTheVerdictFirst() {
        assertEquals(ExitCode.PROBLEM, run("analyze", "a=" + cap("blackhole-16tokens-a"), "ga=" + cap("blackhole-16tokens-ga"),
                "gb=" + cap("blackhole-16tokens-gb"), "b=" + cap("blackhole-16tokens-b")), err.toString());
        String o = out.toString();
        assertTrue(o.startsWith("== Verdict "), o);
        int verdictEnd = o.indexOf("\n== Evidence");
        String verdict = o.substring(0, verdictEnd).replace("\n  ", " ");
        assertTrue(verdict.contains("198.18.1.2 (a) -> 198.18.2.2 (b): MTU BLACK HOLE"), verdict);
        assertTrue(verdict.contains("MTU: 757 <= MTU <= 4099"), verdict);
        assertTrue(verdict.contains("between ga and gb"), verdict);
        assertTrue(verdict.contains("preflight probe check 198.18.2.2:7000"), verdict);
        assertTrue(verdict.contains("was waiting for SCHEMA_PULL_RSP (12,987 bytes"), verdict);
        assertTrue(o.indexOf("== Connections") < o.indexOf("== Gossip messages"), "detail after the verdict");
        assertTrue(o.indexOf("== Gossip messages") < o.indexOf("== Timeline"), "timeline last");
        assertTrue(o.contains("SCHEMA_PULL_RSP id 9 12,987 B: died between ga and gb"), o);
        assertEquals("", err.toString());
    }

    @Test
    void standardInputAndGzipCapturesReadLikeTheFile() throws Exception {
        assertEquals(ExitCode.OK, run("analyze", cap("two-node-join-a")));
        String plain = out.toString();
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(Files.readAllBytes(Path.of(cap("two-node-join-a")))));
            out.getBuffer().setLength(0);
            assertEquals(ExitCode.OK, run("analyze", "two-node-join-a=-"), err.toString());
            assertEquals(plain.replace("two-node-join-a.pcap", "standard input"), out.toString());
        } finally {
            System.setIn(stdin);
        }
        Path gz = dir.resolve("two-node-join-a.pcap.gz");
        try (java.io.OutputStream o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(Path.of(cap("two-node-join-a"))));
        }
        out.getBuffer().setLength(0);
        assertEquals(ExitCode.OK, run("analyze", gz.toString()), err.toString());
        assertEquals(plain.replace("two-node-join-a.pcap", "two-node-join-a.pcap.gz"), out.toString());
    }

    @Test
    void devicesAreBadInputAtOnce() {
        assertEquals(ExitCode.USAGE, run("analyze", "/dev/zero"));
        assertEquals("preflight: /dev/zero: is a character device, not a capture file (give a pcap or pcapng file, a pipe,"
                + " or - for standard input)\n", err.toString());
    }

    @Test
    void healthyJoinIsExitZero() {
        assertEquals(ExitCode.OK, run("analyze", cap("two-node-join-a"), cap("two-node-join-b")));
        assertTrue(out.toString().contains("198.18.1.2 (a) -> 198.18.2.2 (b): HEALTHY"), out.toString());
        assertTrue(out.toString().contains("== Gossip messages (351; 0 not delivered)"), out.toString());
    }

    @Test
    void pmtudThatWorksIsExitZeroWithAWarning() {
        assertEquals(ExitCode.OK, run("analyze", cap("control-pmtud-icmp-allowed-a"), cap("control-pmtud-icmp-allowed-ga")));
        String o = out.toString();
        assertTrue(o.contains("OK, PMTUD WORKS"), o);
        assertTrue(o.contains("MTU: 1422 (from ICMP)"), o);
        assertTrue(o.contains("warning: PMTUD depends on ICMP"), o);
    }

    @Test
    void jsonIsOneVersionedDocument() throws Exception {
        assertEquals(ExitCode.PROBLEM, run("analyze", "--json", "--path", "b,gb,ga,a", cap("blackhole-16tokens-a"),
                cap("blackhole-16tokens-ga"), cap("blackhole-16tokens-gb"), cap("blackhole-16tokens-b")));
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertEquals("gossip-preflight/analyze/v1", doc.get("schema").asText());
        assertEquals("BLACK_HOLE", doc.at("/result/status").asText());
        assertEquals(1, doc.at("/result/exitCode").asInt());
        JsonNode ab = null;
        for (JsonNode v : doc.get("verdicts")) {
            if (v.get("from").asText().startsWith("198.18.1.2")) {
                ab = v;
            }
        }
        assertEquals("BLACK_HOLE", ab.get("status").asText());
        assertTrue(ab.get("problem").asBoolean());
        assertTrue(ab.at("/mtu/exact").isNull());
        assertEquals(757, ab.at("/mtu/lowerBound").asInt());
        assertEquals(4099, ab.at("/mtu/upperBound").asInt());
        assertEquals("MEASURE", ab.at("/fixes/0/kind").asText());
        assertEquals("GOSSIP_MESSAGE_LOST", ab.at("/evidence/0/kind").asText());
        assertEquals("SCHEMA_PULL_RSP", ab.at("/evidence/0/facts/verb").asText());
        assertEquals("given", doc.at("/paths/0/basis").asText());
        assertEquals(12997, doc.at("/losses/0/bytes").asInt());
        assertEquals("ga#if2", doc.at("/losses/0/lastSeen").asText());
        assertEquals(413, doc.get("messages").size());
        assertEquals(4, doc.get("captures").size());
        assertTrue(doc.at("/timeline/0/time").asText().endsWith("Z"));
    }

    @Test
    void junitReportIsWrittenAtomicallyWithOneFailure() throws Exception {
        Path xml = dir.resolve("reports/analyze.xml");
        assertEquals(ExitCode.PROBLEM, run("analyze", "--junit", xml.toString(), cap("blackhole-16tokens-a")));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals("2", d.getDocumentElement().getAttribute("tests"));
        assertEquals("1", d.getDocumentElement().getAttribute("failures"));
        assertEquals(1, d.getElementsByTagName("failure").getLength());
        assertEquals("BLACK_HOLE", ((org.w3c.dom.Element) d.getElementsByTagName("failure").item(0)).getAttribute("type"));
        try (var files = Files.list(xml.getParent())) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void aCaptureCutShortIsAWarningAndACorruptOneIsOneLineExitTwo() throws Exception {
        byte[] real = Files.readAllBytes(Path.of(cap("blackhole-16tokens-a")));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(real, real.length - 100));
        // like tshark: a capture still being written is read as far as it goes
        assertEquals(ExitCode.PROBLEM, run("analyze", cut.toString()), err.toString());
        assertTrue(out.toString().contains("warning: capture cut ends inside its last record (cut short, or still being"
                + " written); analysed the 897 packets before it"), out.toString());
        assertTrue(out.toString().contains("MTU BLACK HOLE"));

        byte[] bad = real.clone();
        bad[24 + 8] = (byte) 0xff; // the first record claims 2 GiB captured
        bad[24 + 11] = (byte) 0x7f;
        Path corrupt = Files.write(dir.resolve("corrupt.pcap"), bad);
        StringWriter o2 = new StringWriter();
        StringWriter e2 = new StringWriter();
        assertEquals(ExitCode.USAGE, Preflight.commandLine(o2, e2).execute("analyze", corrupt.toString()));
        String e = e2.toString();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("preflight: " + corrupt + ": offset 24: record 0 claims"), e);
        assertTrue(e.contains("--keep-going"), e);
        assertFalse(e.contains("\tat "), e);
    }

    @Test
    void badInputsAreUsageErrors() throws Exception {
        assertEquals(ExitCode.USAGE, run("analyze"));
        assertTrue(err.toString().contains("give capture files"), err.toString());
        assertEquals(ExitCode.USAGE, run("analyze", dir.resolve("missing.pcap").toString()));
        assertTrue(err.toString().contains("no such capture file"), err.toString());
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a capture file, just words");
        assertEquals(ExitCode.USAGE, run("analyze", text.toString()));
        assertTrue(err.toString().contains("not a pcap file"), err.toString());
        assertEquals(ExitCode.USAGE, run("analyze", "--path", "a,zz", "a=" + cap("blackhole-16tokens-a")));
        assertTrue(err.toString().contains("--path names 'zz'"), err.toString());
        assertEquals(ExitCode.USAGE, run("analyze", "--duration", "5", cap("blackhole-16tokens-a")));
        assertEquals(ExitCode.USAGE, run("analyze", "x=" + cap("blackhole-16tokens-a"), "x=" + cap("blackhole-16tokens-b")));
        assertTrue(err.toString().contains("two captures are named 'x'"), err.toString());
    }

    @Test
    void libpcapReaderGivesTheSameVerdict() {
        assertEquals(ExitCode.PROBLEM, run("analyze", "--reader", "pcap4j", cap("blackhole-16tokens-a"),
                cap("blackhole-16tokens-b")));
        assertTrue(out.toString().contains("MTU BLACK HOLE"), out.toString());
    }

    @Test
    void helpListsAnalyzeAndCapture() {
        assertEquals(ExitCode.OK, run("--help"));
        assertTrue(out.toString().contains("  analyze "), out.toString());
        assertTrue(out.toString().contains("  capture "), out.toString());
    }

    static final String TLS_WARNING = "warning: 1 internode connection(s) in node-a use TLS (internode encryption): gossip"
            + " messages cannot be decoded; segment fates and ICMP are still analysed";

    private int packetNo;

    /** One raw IPv4 TCP packet between 198.18.1.2:45000 and 198.18.2.2:7000 (checksums are not checked). */
    private void tcp(PcapWriter w, boolean fromA, int seq, int ack, int flags, byte[] payload) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload.length)).putShort((short) packetNo)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0);
        byte[] a = {(byte) 198, 18, 1, 2};
        byte[] z = {(byte) 198, 18, 2, 2};
        b.put(fromA ? a : z).put(fromA ? z : a);
        b.putShort((short) (fromA ? 45000 : 7000)).putShort((short) (fromA ? 7000 : 45000)).putInt(seq).putInt(ack)
                .putShort((short) (5 << 12 | flags)).putShort((short) 65535).putInt(0).put(payload);
        w.write(1_000_000_000L + 1_000_000L * packetNo++, b, 0, b.capacity(), b.capacity());
    }

    /** A TLS handshake record holding a hello of this type (1 client, 2 server). */
    static byte[] hello(int type, int length) {
        ByteBuffer b = ByteBuffer.allocate(5 + length);
        b.put((byte) 0x16).put((byte) 3).put((byte) 1).putShort((short) length).put((byte) type);
        return b.array();
    }

    private Path tlsCapture() throws Exception {
        Path file = dir.resolve("node-a.pcap");
        try (PcapWriter w = new PcapWriter(file, LinkType.RAW, 65535)) {
            int syn = 0x02;
            int ackFlag = 0x10;
            tcp(w, true, 100, 0, syn, new byte[0]);
            tcp(w, false, 900, 101, syn | ackFlag, new byte[0]);
            tcp(w, true, 101, 901, ackFlag, new byte[0]);
            byte[] ch = hello(1, 300);
            byte[] sh = hello(2, 90);
            tcp(w, true, 101, 901, ackFlag | 0x08, ch);
            tcp(w, false, 901, 101 + ch.length, ackFlag | 0x08, sh);
            tcp(w, true, 101 + ch.length, 901 + sh.length, ackFlag, new byte[0]);
        }
        return file;
    }

    @Test
    void textJsonAndJunitSayTheConnectionUsesTls() throws Exception {
        Path cap = tlsCapture();
        Path xml = dir.resolve("analyze.xml");
        assertEquals(ExitCode.OK, run("analyze", "--junit", xml.toString(), cap.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains(TLS_WARNING + "\n"), text);
        assertFalse(text.contains("decoder lost its place"), text);
        assertTrue(text.contains("; TLS\n"), "the connection is marked: " + text);
        String junit = Files.readString(xml);
        assertTrue(junit.contains("- 1 internode connection(s) between 198.18.1.2 and 198.18.2.2 use TLS"),
                junit);

        out.getBuffer().setLength(0);
        assertEquals(ExitCode.OK, run("analyze", "--json", cap.toString()), err.toString());
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertEquals(1, doc.get("tlsConnections").asInt());
        assertTrue(doc.get("connections").get(0).get("tls").asBoolean());
        assertEquals(0, doc.get("messages").size());
        assertEquals(0, doc.get("gossipNotes").size());
        assertEquals(TLS_WARNING.substring("warning: ".length()), doc.get("warnings").get(0).asText());
        for (JsonNode v : doc.get("verdicts")) {
            assertEquals("HEALTHY", v.get("status").asText(), "TLS is not a path problem");
            JsonNode last = v.get("evidence").get(v.get("evidence").size() - 1);
            assertEquals("NOTE", last.get("kind").asText(), v.toString());
            assertEquals(1, last.get("facts").get("tlsConnections").asInt(), v.toString());
        }
    }
}
