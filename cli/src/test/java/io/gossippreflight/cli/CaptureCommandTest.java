package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gossippreflight.analyzer.capture.CaptureEnvironmentException;
import io.gossippreflight.analyzer.capture.CaptureFormatException;
import io.gossippreflight.analyzer.capture.CaptureUsageException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CaptureCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Preflight.commandLine(out, err).execute(args);
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void analyzerFailuresMapToExitCodes() {
        assertEquals(ExitCode.USAGE, Failures.exitCodeOf(new CaptureFormatException(Path.of("x.pcap"), 24, "bad")));
        assertEquals(ExitCode.USAGE, Failures.exitCodeOf(new CaptureUsageException("no interface", null)));
        assertEquals(ExitCode.ENVIRONMENT, Failures.exitCodeOf(new CaptureEnvironmentException("no libpcap", null)));
    }

    @Test
    void unknownInterfaceIsAUsageErrorListingTheInterfaces() {
        assumeTrue(root(), "needs root to open interfaces");
        assertEquals(ExitCode.USAGE, run("capture", "--iface", "no-such-if0", "--write", dir.resolve("x.pcap").toString(),
                "--count", "1"));
        assertTrue(err.toString().contains("no interface 'no-such-if0'") && err.toString().contains("lo"), err.toString());
        assertFalse(Files.exists(dir.resolve("x.pcap")));
    }

    @Test
    void badFilterIsAUsageError() {
        assumeTrue(root(), "needs root to open interfaces");
        assertEquals(ExitCode.USAGE, run("capture", "--iface", "lo", "--filter", "tcp port banana", "--write",
                dir.resolve("x.pcap").toString(), "--count", "1"));
        assertTrue(err.toString().contains("bad capture filter 'tcp port banana'"), err.toString());
    }

    /** Real kernel, loopback only: a TCP exchange captured and then analysed. */
    @Test
    @Tag("lab")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void capturesLoopbackTrafficThatAnalyzeThenReads() throws Exception {
        assumeTrue(root(), "LAB TEST SKIPPED: capturing needs root");
        Path file = dir.resolve("lo.pcap");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            CompletableFuture<Integer> capture = CompletableFuture.supplyAsync(() -> run("capture", "--iface", "lo",
                    "--filter", "tcp port " + port, "--write", file.toString(), "--count", "10", "--duration", "30"));
            // keep connecting until the capture has its packets: it may start after the first attempt
            while (!capture.isDone()) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port); Socket in = server.accept()) {
                    OutputStream o = s.getOutputStream();
                    o.write(new byte[3000]);
                    o.flush();
                    InputStream i = in.getInputStream();
                    i.readNBytes(3000);
                }
                try {
                    capture.get(100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // connect again
                }
            }
            assertEquals(ExitCode.OK, capture.get(), err.toString());
        }
        assertTrue(out.toString().startsWith("10 packets captured into " + file), out.toString());
        assertTrue(Files.size(file) > 24);
        assertFalse(Files.exists(dir.resolve("lo.pcap.tmp")));
        StringWriter o2 = new StringWriter();
        int code = Preflight.commandLine(o2, new StringWriter()).execute("analyze", "--port", "1", file.toString());
        assertEquals(ExitCode.OK, code, o2.toString());
        assertTrue(o2.toString().contains("127.0.0.1 -> 127.0.0.1"), o2.toString());
    }

    /** Ctrl-C (SIGINT) ends the capture cleanly: the file is complete and renamed into place. */
    @Test
    @Tag("lab")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void ctrlCFinishesTheFile() throws Exception {
        assumeTrue(root(), "LAB TEST SKIPPED: capturing needs root");
        Path file = dir.resolve("int.pcap");
        // with SIGINT's default action restored: a test run started in the background of a script inherits
        // SIGINT ignored (POSIX shells do that to background jobs), and a JVM keeps a signal ignored at start
        Process p = new ProcessBuilder("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "capture", "--iface", "lo",
                "--filter", "icmp", "--write", file.toString()).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            String line = r.readLine();
            assertTrue(line != null && line.startsWith("capturing on lo"), String.valueOf(line));
            assertTrue(Files.exists(dir.resolve("int.pcap.tmp")), "writing to the temp file while capturing");
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exits after Ctrl-C");
            String rest = new String(p.getInputStream().readAllBytes());
            assertTrue(rest.contains("packets captured into " + file), rest);
        } finally {
            p.destroyForcibly();
        }
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("int.pcap.tmp")));
        try (var src = io.gossippreflight.analyzer.capture.CaptureFiles.open(file)) {
            assertEquals("pcap-ns", src.format());
        }
    }

    /** -w - writes the capture to standard output (messages to stderr), which analyze - reads. */
    @Test
    @Tag("lab")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void writesToStandardOutputForAPipe() throws Exception {
        assumeTrue(root(), "LAB TEST SKIPPED: capturing needs root");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            Path err = dir.resolve("capture.err");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "capture", "--iface", "lo",
                    "--filter", "tcp port " + port, "-w", "-", "--count", "10", "--duration", "30")
                    .redirectError(err.toFile()).start();
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            while (p.isAlive()) { // connect until the capture has its packets: it may start after the first attempt
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port); Socket in = server.accept()) {
                    s.getOutputStream().write(new byte[3000]);
                    in.getInputStream().readNBytes(3000);
                }
                p.waitFor(100, TimeUnit.MILLISECONDS);
            }
            assertEquals(0, p.exitValue(), Files.readString(err));
            assertTrue(Files.readString(err).contains("10 packets captured into standard output"), Files.readString(err));
            Path file = Files.write(dir.resolve("piped.pcap"), stdout.get());
            assertFalse(Files.exists(dir.resolve("-")), "no file named -");
            try (var src = io.gossippreflight.analyzer.capture.CaptureFiles.open(file)) {
                io.gossippreflight.analyzer.capture.RawPacket r = new io.gossippreflight.analyzer.capture.RawPacket();
                int n = 0;
                while (src.next(r)) {
                    n++;
                }
                assertEquals(10, n);
            }
        }
    }

    /**
     * --duration ends the capture on time when nothing arrives: libpcap's wait on an idle
     * interface outlasted its read timeout, and capture ran until the next packet (minutes). A
     * filter nothing matches makes loopback idle for the capture.
     */
    @Test
    @Tag("lab")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void durationEndsACaptureOnAnIdleInterface() throws Exception {
        assumeTrue(root(), "LAB TEST SKIPPED: capturing needs root");
        Path file = dir.resolve("idle.pcap");
        assertEquals(ExitCode.OK, run("capture", "--iface", "lo", "--filter", "udp port 9 and host 192.0.2.1",
                "--write", file.toString(), "--duration", "1"), err.toString());
        assertTrue(out.toString().startsWith("0 packets captured into " + file), out.toString());
        assertTrue(Files.exists(file));
        StringWriter o2 = new StringWriter();
        StringWriter e2 = new StringWriter();
        int code = Preflight.commandLine(o2, e2).execute("analyze", "--live", "lo", "--filter",
                "udp port 9 and host 192.0.2.1", "--duration", "1");
        assertEquals(ExitCode.OK, code, e2.toString());
        assertTrue(e2.toString().contains("0 packets captured"), e2.toString());
        StringWriter e3 = new StringWriter();
        code = Preflight.commandLine(new StringWriter(), e3).execute("capture", "-q", "--iface", "lo", "--filter",
                "udp port 9 and host 192.0.2.1", "--write", dir.resolve("quiet.pcap").toString(), "--duration", "1");
        assertEquals(ExitCode.OK, code, e3.toString());
        assertEquals("", e3.toString(), "--quiet: no notes on stderr");
    }
}
