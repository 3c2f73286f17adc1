package io.gossippreflight.probe.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LabProcess;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.Topology;
import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.Classifier;
import io.gossippreflight.probe.classify.DirectionEvidence;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.probe.classify.PathContext;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.plan.PacketOverhead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The DF UDP probe alone finds the exact path MTU of each lab path, in each direction. */
@Tag("lab")
class UdpProbeLabTest {
    @ParameterizedTest(name = "{0} {1}: {2} / {3}")
    @CsvSource({
        "direct, 198.18.1.2, 9001, 9001",
        "vpn, 198.18.1.2, 1422, 1422",
        "vpn-blackhole, 198.18.1.2, 1422, 1422",
        "vpn-clamped, 198.18.1.2, 1422, 1422",
        "vpn-blackhole-v6, 2001:db8:1::2, 1422, 1422",
    })
    void findsTheExactMtuBothWays(String topology, String target, int outMtu, int inMtu) throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.byId(topology), LabOptions.defaults());
        lab.resetPmtu();
        try (LabProcess responder = LabProcess.start(lab, LabHosts.A,
                LabSupport.java(UdpResponderMain.class.getName(), target, "7000"), "listening", Duration.ofSeconds(20))) {
            ExecResult r = lab.exec(LabHosts.B, LabSupport.java(UdpProberMain.class.getName(), target, "7000", "9001", "9001"),
                    Duration.ofSeconds(60));
            assertTrue(r.ok(), r.output());
            assertTrue(r.stdout().startsWith("answered true"), r.output());
            PacketOverhead o = PacketOverhead.of(target.contains(":"));
            PathContext ctx = new PathContext(target.contains(":") ? LabHosts.B_V6 : LabHosts.B_V4, null, null, target,
                    null, o, 7000);
            PathVerdict out = Classifier.classify(DirectionEvidence.ofProbes(Direction.OUTBOUND, o, 9001,
                    parse(r.stdout(), Direction.OUTBOUND)), ctx);
            PathVerdict in = Classifier.classify(DirectionEvidence.ofProbes(Direction.INBOUND, o, 9001,
                    parse(r.stdout(), Direction.INBOUND)), ctx);
            assertEquals(outMtu, out.mtu().exact(), out + "\n" + r.stdout());
            assertEquals(inMtu, in.mtu().exact(), in + "\n" + r.stdout());
            assertEquals(outMtu == 9001 ? PathStatus.HEALTHY : PathStatus.BLACK_HOLE, out.status());
            System.out.println(topology + ": " + r.stdout().lines().findFirst().orElse(""));
        }
    }

    private static List<ProbeRecord> parse(String out, Direction d) {
        List<ProbeRecord> recs = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[0].equals(d.name())) {
                int size = Integer.parseInt(f[1]);
                recs.add(new ProbeRecord(d, ProbeKind.UDP, "UDP", size, size, ProbeOutcome.valueOf(f[2]), Duration.ZERO, -1, true));
            }
        }
        return recs;
    }
}
