package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LinkConditions;
import io.gossippreflight.fixtures.lab.Tools;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LabCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Preflight.commandLine(out, err).execute(args);
    }

    @Test
    void listNamesEveryTopology() {
        assertEquals(ExitCode.OK, run("lab", "list"));
        for (String t : List.of("direct", "vpn", "vpn-blackhole", "vpn-oneway", "vpn-lossy", "vpn-clamped", "vpn-v6",
                "vpn-blackhole-v6")) {
            assertTrue(out.toString().contains(t + " "), out.toString());
        }
    }

    @Test
    void unknownTopologyIsAOneLineUsageErrorListingTheNames() {
        assertEquals(ExitCode.USAGE, run("lab", "up", "vpn-blackhol"));
        String e = err.toString();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("unknown topology 'vpn-blackhol'") && e.contains("vpn-blackhole"), e);
    }

    @Test
    void outOfRangeMtuIsAUsageErrorNamingTheOption() {
        assertEquals(ExitCode.USAGE, run("lab", "up", "vpn", "--tunnel-mtu", "500"));
        assertTrue(err.toString().contains("--tunnel-mtu 500"), err.toString());
        assertEquals(ExitCode.USAGE, run("lab", "up", "vpn", "--offloads", "maybe"));
        assertTrue(err.toString().contains("'maybe' is not on or off"), err.toString());
    }

    @Test
    void wanOptionsAreOneLineUsageErrorsNamingTheOption() {
        String[][] cases = {
            {"--rtt", "150", "--rtt '150' has no unit: use a number with a unit, e.g. 150ms"},
            {"--rate", "100mb", "--rate '100mb' has an unknown unit"},
            {"--loss", "2x", "--loss '2x' is not valid"},
            {"--delay-ba", "soon", "--delay-ba 'soon' is not valid"},
        };
        for (String[] c : cases) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertEquals(ExitCode.USAGE, run("lab", "up", "vpn", c[0], c[1]), c[0]);
            assertTrue(err.toString().startsWith("preflight: " + c[2]), err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
        }
        err.getBuffer().setLength(0);
        assertEquals(ExitCode.USAGE, run("lab", "up", "vpn", "--rtt", "100ms", "--jitter", "200ms"));
        assertTrue(err.toString().contains("jitter ±100ms a→b is larger than its one-way delay 50ms"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(ExitCode.USAGE, run("lab", "up", "direct", "--rtt", "10ms"));
        assertTrue(err.toString().contains("need a tunnel, and direct has none"), err.toString());
    }

    @Test
    void perDirectionOptionsOverrideTheSymmetricOnes() {
        LabUpCommand up = new LabUpCommand();
        new CommandLine(up).parseArgs("vpn", "--rtt", "150ms", "--jitter", "10ms", "--rate", "100mbit", "--loss", "1%",
                "--delay-ba", "20ms", "--jitter-ba", "0", "--rate-ab", "1gbit", "--loss-ab", "0.5", "--queue", "256k",
                "--reorder");
        LabOptions o = up.options();
        assertEquals(new LinkConditions(Duration.ofMillis(75), Duration.ofMillis(5), 1_000_000_000L, 0.5), o.aToB());
        assertEquals(new LinkConditions(Duration.ofMillis(20), Duration.ZERO, 100_000_000L, 1.0), o.bToA());
        assertEquals(256 * 1024, o.queueBytes());
        assertTrue(o.reorder());
        assertEquals(LabOptions.defaults(), parsed("vpn").options(), "no WAN options: the plain tunnel");
    }

    @Test
    void downNeedsATopologyOrAll() {
        assertEquals(ExitCode.USAGE, run("lab", "down"));
        assertTrue(err.toString().contains("give either a TOPOLOGY or --all"), err.toString());
    }

    @Test
    void helpTeachesHostsAndAnExample() {
        assertEquals(ExitCode.OK, run("lab", "up", "--help"));
        assertTrue(out.toString().contains("b 198.18.2.2 (joining side)"), out.toString());
        assertTrue(out.toString().contains("preflight lab up vpn-blackhole"), out.toString());
        assertTrue(out.toString().contains("1% or 0.5% (default: 10% on vpn-lossy")
                && out.toString().contains("--rate 100mbit --loss 0.5%"), "percent signs survive the help: " + out);
    }

    private static LabUpCommand parsed(String... args) {
        LabUpCommand up = new LabUpCommand();
        new CommandLine(up).parseArgs(args);
        return up;
    }

    /** Runs the real command as an unprivileged user: it must exit 3 and say how to fix it. */
    @Test
    void withoutRootTheLabExitsThreeWithTheRemedy(@TempDir Path dir) throws Exception {
        assumeTrue(Tools.isRoot() && Tools.present("setpriv"), "needs root to drop to an unprivileged user");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java,
                "-cp", readableClasspath(dir), Main.class.getName(), "lab", "up", "vpn")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCode.ENVIRONMENT, p.exitValue(), output);
        assertTrue(output.contains("the lab needs root") && output.contains("sudo"), output);
        assertEquals(1, output.strip().lines().count(), output);
    }

    /** Our classpath copied where an unprivileged user can read it (~/.m2 of root is private). */
    private static String readableClasspath(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(e);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = dir.resolve(i++ + "-" + src.getFileName());
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path t = dst.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(f, t);
                    }
                }
            }
            try (Stream<Path> files = Files.walk(dst)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(
                            Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            entries.add(dst.toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
