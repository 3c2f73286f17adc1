package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabSupport;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab commands against the real kernel (root). The commands use the tests' prefix. */
@Tag("lab")
class LabLifecycleCommandTest {
    private static Lab lab;

    @BeforeAll
    static void setUp() {
        LabSupport.assumeLab();
        lab = LabSupport.lab();
        System.setProperty(Lab.PREFIX_PROPERTY, lab.prefix());
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.downAll();
            System.clearProperty(Lab.PREFIX_PROPERTY);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Preflight.commandLine(out, err).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void upStatusDownLeavesNoNamespaceBehind() {
        Run up = run("lab", "up", "vpn-blackhole");
        assertEquals(ExitCode.OK, up.code, up.err);
        assertTrue(up.out.contains("vpn-blackhole") && up.out.contains("vpn0 198.18.0.1/30 mtu 1422"), up.out);
        Run again = run("lab", "up", "vpn-blackhole");
        assertTrue(again.out.startsWith("already up"), again.out);
        Run status = run("lab", "status");
        assertTrue(status.out.contains("icmp code frag-needed counter"), status.out);
        assertEquals(ExitCode.OK, run("lab", "down", "--all").code);
        assertTrue(lab.namespaces().isEmpty(), lab.namespaces().toString());
        Run none = run("lab", "status");
        assertTrue(none.out.contains("no topology is up"), none.out);
    }

    @Test
    void wanConditionsShowInUpAndStatusAndDownStopsTheEmulator() {
        Run up = run("lab", "up", "vpn", "--rtt", "20ms", "--rate", "50mbit", "--loss-ba", "0.5%");
        assertEquals(ExitCode.OK, up.code, up.err);
        assertTrue(up.out.contains("tunnel a→b: delay 10ms, rate 50mbit; b→a: delay 10ms, rate 50mbit, loss 0.5%"), up.out);
        long pid = lab.linkEmulator().pid().orElseThrow();
        Run status = run("lab", "status");
        assertTrue(status.out.contains("link emulator: pid " + pid + ", log "), status.out);
        assertTrue(status.out.contains("numgen random mod 10000 < 50"), "b→a loss in gb's rules: " + status.out);
        assertTrue(run("lab", "up", "vpn", "--rtt", "20ms", "--rate", "50mbit", "--loss-ba", "0.5%").out
                .startsWith("already up"));
        assertEquals(ExitCode.OK, run("lab", "down", "vpn").code);
        assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive(), "emulator stopped");
        assertTrue(lab.namespaces().isEmpty(), lab.namespaces().toString());
    }

    @Test
    void execPassesTheExitCodeAndUnknownHostsAreUsageErrors() {
        assertEquals(ExitCode.OK, run("lab", "up", "direct").code);
        assertEquals(0, run("lab", "exec", "a", "--", "true").code);
        assertEquals(1, run("lab", "exec", "b", "--", "false").code);
        Run bad = run("lab", "exec", "ga", "--", "true");
        assertEquals(ExitCode.USAGE, bad.code);
        assertTrue(bad.err.contains("unknown host 'ga': the running topology direct has a, b"), bad.err);
    }

    @Test
    void captureWritesACompletePcapFile(@TempDir Path dir) throws Exception {
        assertEquals(ExitCode.OK, run("lab", "up", "direct").code);
        Path file = dir.resolve("a.pcap");
        CompletableFuture<Run> capture = CompletableFuture.supplyAsync(
                () -> run("lab", "capture", "a:eth0", "icmp", "--write", file.toString(), "--duration", "3"));
        // Pings for 2 s, well inside the 3 s capture window that starts within milliseconds.
        lab.exec("a", List.of("ping", "-c", "10", "-i", "0.2", "198.18.2.2"), Duration.ofSeconds(10));
        Run r = capture.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCode.OK, r.code, r.err);
        assertTrue(r.err.matches("(?s).*\\b([1-9]\\d*) packets captured into .*"), r.err);
        byte[] head = Files.readAllBytes(file);
        assertEquals(0xa1b2c3d4, ByteBuffer.wrap(head, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertTrue(head.length > 24 + 16 + 98, "holds at least one echo request");
    }
}
