package io.gossippreflight.wire.fuzz;

import io.gossippreflight.fixtures.FixtureFiles;
import io.gossippreflight.wire.pcap.PcapReader;
import io.gossippreflight.wire.pcap.TcpStreams;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the real gossip streams the decoder benchmark reads (bench/src/main/resources/wire):
 * the initiator side of the busiest URGENT_MESSAGES connection of two captures, handshake
 * included. Run with -Dgp.writeBenchStreams=true (not part of the normal build).
 */
@EnabledIfSystemProperty(named = "gp.writeBenchStreams", matches = "true")
class BenchStreamWriter {
    @Test
    void write() throws Exception {
        Path out = FixtureFiles.repoRoot().resolve("bench/src/main/resources/wire");
        Files.createDirectories(out);
        write(out.resolve("gossip-16-tokens.bin"), "two-node-join-a.pcap");
        write(out.resolve("gossip-256-tokens.bin"), "control-pmtud-icmp-allowed-a.pcap");
    }

    private static void write(Path target, String capture) throws Exception {
        byte[] best = new byte[0];
        for (TcpStreams.Connection c : TcpStreams.connections(PcapReader.tcpSegments(FixtureFiles.capture("cassandra-5.0.9/" + capture)))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (TcpStreams.Piece p : c.forward().pieces()) {
                if (p.bytes() == null) {
                    break;
                }
                b.writeBytes(p.bytes());
            }
            byte[] bytes = b.toByteArray();
            // URGENT_MESSAGES over CRC: flags byte 7 == 0x11 (type 1, CRC framing)
            if (bytes.length > best.length && bytes.length > 8 && bytes[7] == 0x11) {
                best = bytes;
            }
        }
        Files.write(target, best);
    }
}
