package io.gossippreflight.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.cli.Main;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LabProcess;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probe mesh} over the four hosts of the {@code regions} topology (a, a2 behind ga; b, b2
 * behind gb; ga drops its ICMP): an agent on each host, the mesh asked from a. Within a region every
 * pair is healthy at 9001; from region a to region b every pair is a black hole at 1422; from b to
 * a PMTUD works at 1422 — both directions of every pair, the one-way pairs included.
 */
@Tag("lab")
class MeshLabTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HOSTS = Map.of(LabHosts.A, LabHosts.A_V4, LabHosts.A2, LabHosts.A2_V4,
            LabHosts.B, LabHosts.B_V4, LabHosts.B2, LabHosts.B2_V4);

    @TempDir
    Path dir;

    @Test
    void theMatrixOfTwoRegions() throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.REGIONS, LabOptions.defaults());
        lab.resetPmtu();
        Path hosts = dir.resolve("mesh.txt");
        List<String> order = List.of(LabHosts.A, LabHosts.A2, LabHosts.B, LabHosts.B2);
        Files.writeString(hosts, "# the mesh\n" + String.join("\n", order.stream().map(h -> HOSTS.get(h) + ":7000").toList())
                + "\n");
        Path secret = dir.resolve("mesh.secret");
        Files.writeString(secret, "lab mesh secret, 32 bytes long!!\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        List<LabProcess> agents = new ArrayList<>();
        try {
            for (String h : order) {
                agents.add(LabProcess.start(lab, h, LabSupport.java(Main.class.getName(), "probe", "serve", "--listen",
                        HOSTS.get(h) + ":7000", "--agent", "--hosts", hosts.toString(), "--token-file", secret.toString()),
                        "agent on", Duration.ofSeconds(30)));
            }
            Path junit = dir.resolve("mesh.xml");
            Path html = dir.resolve("mesh.html");
            long t0 = System.nanoTime();
            ExecResult r = lab.exec(LabHosts.A, LabSupport.java(Main.class.getName(), "probe", "mesh", "--hosts",
                    hosts.toString(), "--token-file", secret.toString(), "--json", "--parallel-agents", "2", "--junit",
                    junit.toString(), "--html", html.toString()), Duration.ofSeconds(300));
            double seconds = (System.nanoTime() - t0) / 1e9;
            String ctx = r.stdout() + "\n--- stderr:\n" + r.stderr();
            assertEquals(1, r.exitCode(), ctx);
            JsonNode doc = JSON.readTree(r.stdout());
            Map<String, JsonNode> pairs = new HashMap<>();
            doc.get("pairs").forEach(p -> pairs.put(p.get("from").asText() + ">" + p.get("to").asText(), p));
            assertEquals(12, pairs.size(), ctx);
            for (String x : order) {
                for (String y : order) {
                    if (x.equals(y)) {
                        continue;
                    }
                    boolean xa = x.startsWith("a");
                    boolean ya = y.startsWith("a");
                    String want = xa == ya ? "HEALTHY" : xa ? "BLACK_HOLE" : "PMTUD_WORKS";
                    int mtu = xa == ya ? 9001 : 1422;
                    JsonNode p = pairs.get(HOSTS.get(x) + ":7000>" + HOSTS.get(y) + ":7000");
                    assertEquals(want, p.get("status").asText(), x + " -> " + y + ": " + p + "\n" + ctx);
                    assertEquals(mtu, p.get("mtu").asInt(), x + " -> " + y + ": " + p);
                    assertEquals(!want.equals("BLACK_HOLE"), p.get("passed").asBoolean(), x + " -> " + y);
                    // the receiver's judgement is always right; the sender's outbound can read HEALTHY up to
                    // 1422 when the receiver already learned that path MTU towards it (its MSS caps our
                    // segments) -- which is why a cell takes the worse of both ends
                    assertEquals(want, p.get("byReceiver").get("status").asText(), "judged by the receiver: " + p);
                    String sender = p.get("bySender").get("status").asText();
                    assertTrue(sender.equals(want) || want.equals("BLACK_HOLE") && sender.equals("HEALTHY"),
                            "judged by the sender: " + p);
                }
            }
            String xml = Files.readString(junit);
            assertEquals(12, xml.split("<testcase ", -1).length - 1, xml);
            assertEquals(4, xml.split("<failure ", -1).length - 1, xml);
            String page = Files.readString(html);
            assertEquals(4, page.split("data-status=\"BLACK_HOLE\"", -1).length - 1 - 4, "4 heat-map cells (and 4 "
                    + "verdict blocks) of black holes");
            for (LabProcess a : agents) {
                assertTrue(a.output().startsWith("listening on"), a.output());
            }
            System.out.printf("mesh of 4 hosts (12 pairs, 2 agents at a time): %.1f s%n", seconds);
        } finally {
            for (LabProcess a : agents) {
                a.close();
            }
        }
    }
}
