package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.probe.agent.Agent;
import io.gossippreflight.probe.agent.AllowList;
import io.gossippreflight.probe.agent.RequestGuard;
import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.Checker;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.probe.responder.Responder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.time.SystemClock;
import io.gossippreflight.wire.MessagingVersion;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe mesh} through the command line: two hosts on loopback (127.0.0.1 and 127.0.0.2), each with its agent. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProbeMeshCommandTest {
    private static final String SECRET = "a loopback mesh secret, 32 bytes";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Preflight.commandLine(out, err).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    @Test
    void badUsageIsExit2() throws IOException {
        Path hosts = Files.writeString(dir.resolve("one.txt"), "127.0.0.1:7000\n");
        Path secret = Files.writeString(dir.resolve("s"), SECRET);
        Run r = run("probe", "mesh", "--hosts", hosts.toString(), "--token-file", secret.toString());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("a mesh needs at least two"), r.err());
        Path two = Files.writeString(dir.resolve("two.txt"), "127.0.0.1:7000\n# a comment\n127.0.0.2:7000\n");
        Path weak = Files.writeString(dir.resolve("weak"), "short\n");
        r = run("probe", "mesh", "--hosts", two.toString(), "--token-file", weak.toString());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("a shared secret needs at least 16"), r.err());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "127.0.0.1:7000\n127.0.0.2:99999\n");
        r = run("probe", "mesh", "--hosts", bad.toString(), "--token-file", secret.toString());
        assertTrue(r.err().contains("bad.txt:2:"), r.err());
        assertEquals(ExitCode.USAGE, run("probe", "mesh", "--token-file", secret.toString()).code());
        assertEquals(ExitCode.USAGE, run("probe", "serve", "--agent", "--listen", "127.0.0.1:0").code());
    }

    @Test
    void twoHostsOnLoopback() throws Exception {
        int agentPort = freePort("127.0.0.1");
        List<String> addrs = List.of("127.0.0.1", "127.0.0.2");
        EventLoopGroup group = ProbeNetty.eventLoops(2, "test-responders");
        List<AutoCloseable> open = new ArrayList<>();
        try {
            List<String> lines = new ArrayList<>();
            List<Responder> responders = new ArrayList<>();
            for (String a : addrs) {
                Responder r = Responder.start(group, new ResponderConfig(new InetSocketAddress(a, 0),
                        ResponderConfig.DEFAULT_CLUSTER, ResponderConfig.DEFAULT_PARTITIONER, 2, 16, true,
                        MessagingVersion.V12, MessagingVersion.V12), l -> { });
                open.add(r);
                responders.add(r);
                lines.add(a + ":" + r.address().getPort());
            }
            Path hosts = Files.writeString(dir.resolve("mesh.txt"), String.join("\n", lines) + "\n");
            Path secret = Files.writeString(dir.resolve("mesh.secret"), SECRET + "\n");
            List<TargetSpec> specs = lines.stream().map(l -> TargetSpec.parse(l, 7000)).toList();
            for (String a : addrs) {
                CheckOptions o = CheckOptions.defaults().withListen(new InetSocketAddress(a, freePort(a))).withParallel(4);
                open.add(new Agent(new InetSocketAddress(a, agentPort), a, new RequestGuard(SECRET.getBytes(
                        StandardCharsets.UTF_8), RequestGuard.Limits.DEFAULTS), new AllowList(specs),
                        t -> Checker.check(t, o, l -> { }), l -> { }, SystemClock.INSTANCE).start());
            }
            Path junit = dir.resolve("out/mesh.xml");
            Path md = dir.resolve("mesh.md");
            Path html = dir.resolve("mesh.html");
            Run text = run("probe", "mesh", "--hosts", hosts.toString(), "--token-file", secret.toString(), "--agent-port",
                    Integer.toString(agentPort), "--junit", junit.toString(), "--markdown", md.toString(), "--html",
                    html.toString());
            assertEquals(ExitCode.OK, text.code(), text.out() + text.err());
            assertTrue(text.out().startsWith("probe mesh: 2 hosts, 2 ordered pairs: PASS"), text.out());
            assertTrue(text.out().contains(lines.get(0) + "  -                 HEALTHY "), text.out());
            assertTrue(text.err().contains("asking " + lines.get(1) + " to check 1 host"), text.err());
            assertEquals(2, Files.readString(junit).split("<testcase ", -1).length - 1);
            assertTrue(Files.readString(md).contains("| from \\ to |"), Files.readString(md));
            assertTrue(Files.readString(html).contains("class=\"cell ok\""), "a heat map cell");

            Run json = run("probe", "mesh", "--hosts", hosts.toString(), "--token-file", secret.toString(), "--agent-port",
                    Integer.toString(agentPort), "--json", "-q");
            JsonNode d = new ObjectMapper().readTree(json.out());
            assertEquals("gossip-preflight/mesh/v1", d.get("schema").asText());
            assertEquals(2, d.get("pairs").size());
            assertEquals("HEALTHY", d.get("pairs").get(0).get("bySender").get("status").asText());
            assertEquals("", json.err(), "--quiet: no progress");

            Path wrong = Files.writeString(dir.resolve("wrong.secret"), "not the mesh's secret at all!!\n");
            Run refused = run("probe", "mesh", "--hosts", hosts.toString(), "--token-file", wrong.toString(),
                    "--agent-port", Integer.toString(agentPort));
            assertEquals(ExitCode.PROBLEM, refused.code());
            assertTrue(refused.out().contains("NOT CHECKED"), refused.out());
            assertTrue(refused.out().contains("refused (401): bad_signature"), refused.out());
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
