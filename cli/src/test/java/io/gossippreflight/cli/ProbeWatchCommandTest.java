package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.responder.Responder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.wire.MessagingVersion;
import io.netty.channel.EventLoopGroup;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code probe watch} through the command line, over loopback. */
class ProbeWatchCommandTest {
    private static final String LO = InetAddress.getLoopbackAddress().getHostAddress();

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Preflight.commandLine(out, err).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void badUsageIsExit2WithOneLine() {
        Run r = run("probe", "watch", LO, "--interval", "soon");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("--interval 'soon' is not a duration"), r.err());
        assertEquals(ExitCode.USAGE, run("probe", "watch", LO, "--interval", "0s").code());
        assertEquals(ExitCode.USAGE, run("probe", "watch", LO, "--metrics", "127.0.0.1:http").code());
        assertEquals(ExitCode.USAGE, run("probe", "watch", LO, "--rounds", "0").code());
        assertEquals(ExitCode.USAGE, run("probe", "watch").code());
    }

    @Test
    void twoRoundsAgainstTheResponder() {
        EventLoopGroup group = ProbeNetty.eventLoops(2, "test-responder");
        try (Responder resp = Responder.start(group, new ResponderConfig(new InetSocketAddress(LO, 0),
                ResponderConfig.DEFAULT_CLUSTER, ResponderConfig.DEFAULT_PARTITIONER, 2, 16, true, MessagingVersion.V12,
                MessagingVersion.V12), l -> { })) {
            Run r = run("probe", "watch", LO + ":" + resp.address().getPort(), "--listen", LO + ":0", "--interval", "1s",
                    "--rounds", "2", "--metrics", "127.0.0.1:0", "--parallel", "4");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertTrue(r.out().startsWith("serving metrics on http://127.0.0.1:"), r.out());
            assertTrue(r.err().contains(": verdict us → target HEALTHY"), r.err());
            assertEquals(1, r.err().lines().filter(l -> l.contains("verdict")).count(), "one line: the first verdict\n" + r.err());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
