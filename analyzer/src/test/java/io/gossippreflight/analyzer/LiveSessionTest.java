package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.CaptureUsageException;
import io.gossippreflight.analyzer.capture.LiveCapture;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.pass.IcmpEvent;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.verdict.PathStatus;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The in-process live-capture API the probe uses, on the real kernel's loopback. */
@Tag("lab")
class LiveSessionTest {
    @TempDir
    Path dir;

    static void requireRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "LAB TEST SKIPPED: live capture needs root");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void streamsPacketsIntoTheAnalysisAndWritesThePcap() throws Exception {
        requireRoot();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            int closedPort;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                closedPort = probe.getLocalPort(); // free again once closed: the kernel answers port unreachable
            }
            LiveCapture cap = LiveCapture.open(LiveCapture.Options.of("lo",
                    "tcp port " + port + " or (icmp and icmp[icmptype] == 3)"));
            Path pcap = dir.resolve("live.pcap");
            LiveSession session = LiveSession.start(cap, "lo", pcap, Analyzer.Options.defaults().withGossipPort(port));
            // traffic until the capture has seen both kinds (it may start a moment late)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((session.icmpSoFar().isEmpty() || session.packetsSoFar() < 12) && System.nanoTime() < deadline) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port); Socket in = server.accept()) {
                    s.getOutputStream().write(new byte[20_000]);
                    s.getOutputStream().flush();
                    InputStream i = in.getInputStream();
                    i.readNBytes(20_000);
                }
                byte[] b = new byte[100];
                udp.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), closedPort));
                session.await(50);
            }
            assertTrue(!session.icmpSoFar().isEmpty(), "ICMP seen while capturing");
            IcmpEvent e = session.icmpSoFar().get(0);
            assertEquals(3, e.type());
            assertEquals(3, e.code());
            AnalysisReport r = session.stop();
            assertTrue(r.verdicts().stream().anyMatch(v -> v.status() == PathStatus.HEALTHY), r.verdicts().toString());
            long packets = 0;
            try (PacketSource src = CaptureFiles.open(pcap)) {
                RawPacket p = new RawPacket();
                while (src.next(p)) {
                    packets++;
                }
            }
            assertTrue(packets >= 12, "the pcap holds what was analysed: " + packets);
            assertEquals(r.captures().get(0).packets(), packets);
        }
    }

    @Test
    void unknownInterfaceAndBadFilterAreUsageErrors() {
        requireRoot();
        CaptureUsageException e = assertThrows(CaptureUsageException.class,
                () -> LiveCapture.open(LiveCapture.Options.of("nope0", null)));
        assertTrue(e.getMessage().contains("no interface 'nope0'"), e.getMessage());
        e = assertThrows(CaptureUsageException.class, () -> LiveCapture.checkFilter("port banana", 1));
        assertTrue(e.getMessage().contains("bad capture filter"), e.getMessage());
    }
}
