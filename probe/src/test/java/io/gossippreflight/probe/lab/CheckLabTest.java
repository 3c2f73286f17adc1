package io.gossippreflight.probe.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checker at b against the responder at a, on every lab path: the verdict of each direction
 * and its MTU. (The CLI's lab tests check the same through the commands and their JSON.)
 */
@Tag("lab")
class CheckLabTest {
    @ParameterizedTest(name = "{0}: out {2} {3}, in {4} {5}")
    @CsvSource({
        "direct,          198.18.1.2,    HEALTHY,     9001, HEALTHY,     9001",
        "vpn,             198.18.1.2,    PMTUD_WORKS, 1422, PMTUD_WORKS, 1422",
        "vpn-blackhole,   198.18.1.2,    BLACK_HOLE,  1422, BLACK_HOLE,  1422",
        "vpn-oneway,      198.18.1.2,    PMTUD_WORKS, 1422, BLACK_HOLE,  1422",
        "vpn-clamped,     198.18.1.2,    MSS_CLAMPED, 1422, MSS_CLAMPED, 1422",
        "vpn-lossy,       198.18.1.2,    RANDOM_LOSS, null, RANDOM_LOSS, null",
        "vpn-v6,          2001:db8:1::2, PMTUD_WORKS, 1422, PMTUD_WORKS, 1422",
        "vpn-blackhole-v6, 2001:db8:1::2, BLACK_HOLE, 1422, BLACK_HOLE,  1422",
    })
    void verdictPerDirection(String topology, String target, String outStatus, String outMtu, String inStatus,
            String inMtu) throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.byId(topology), LabOptions.defaults());
        lab.resetPmtu();
        try (LabProcess responder = LabProcess.start(lab, LabHosts.A,
                LabSupport.java(ResponderMain.class.getName(), target, "7000", "1", "256"), "listening",
                Duration.ofSeconds(20))) {
            ExecResult r = lab.exec(LabHosts.B, LabSupport.java(CheckerMain.class.getName(),
                    target.contains(":") ? "[" + target + "]:7000" : target + ":7000", "udp"), Duration.ofSeconds(90));
            String all = r.stdout() + "\n--- progress:\n" + r.stderr() + "\n--- responder:\n" + responder.output();
            System.out.println("=== " + topology + "\n" + r.stdout());
            assertTrue(r.ok(), all);
            assertTrue(r.stdout().contains("VERDICT OUTBOUND " + outStatus + " " + outMtu + " "), all);
            assertTrue(r.stdout().contains("VERDICT INBOUND " + inStatus + " " + inMtu + " "), all);
        }
    }
}
