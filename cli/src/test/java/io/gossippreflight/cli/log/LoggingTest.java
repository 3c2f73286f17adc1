package io.gossippreflight.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.log.NodeLog;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Netty and pcap4j reach Logback through SLF4J; stderr gets one line per message, the node's file the system.log layout. */
class LoggingTest {
    private final StringWriter err = new StringWriter();

    @AfterEach
    void back() {
        Logging.oneOff(new PrintWriter(System.err, true), false);
    }

    @Test
    void nettyWarningsAreOneLineOnStderrAndRepeatsAreCutShort() {
        Logging.oneOff(new PrintWriter(err, true), false);
        InternalLogger netty = InternalLoggerFactory.getInstance("io.netty.bootstrap.Bootstrap");
        for (int i = 0; i < 2200; i++) {
            netty.warn("Failed to set channel option '{}' with value '{}' for channel '{}'", "TCP_MAXSEG", 1370, "ch" + i,
                    new IOException("setsockopt(..) failed:\nInvalid argument"));
        }
        netty.info("not at WARN");
        List<String> lines = err.toString().lines().toList();
        assertEquals(3, lines.size(), "three, then silence:\n" + err);
        assertTrue(lines.get(2).endsWith(" [repeated; further repeats not shown]"), lines.get(2));
        assertEquals("preflight: WARN Bootstrap: Failed to set channel option 'TCP_MAXSEG' with value '1370' for channel "
                + "'ch0' (IOException: setsockopt(..) failed: Invalid argument)", lines.get(0));
    }

    @Test
    void debugShowsInfoAndStackTraces() {
        Logging.oneOff(new PrintWriter(err, true), true);
        LoggerFactory.getLogger("org.pcap4j.core.PcapHandle").info("pcap4j says hello", new IllegalStateException("boom"));
        assertTrue(err.toString().startsWith("INFO  PcapHandle: pcap4j says hello\njava.lang.IllegalStateException: boom\n"
                + "\tat "), err.toString());
    }

    @Test
    void theNodeLogsInCassandrasLayoutToItsFileAndOneLineToStderr(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/node.log");
        Logging.NodeHandle h = Logging.node(file, NodeLog.Level.INFO, new PrintWriter(err, true), false);
        h.log().info("InetAddress 198.18.1.3:7000 is now DOWN");
        h.log().debug("below --log-level");
        LoggerFactory.getLogger("io.netty.channel.DefaultChannelPipeline").warn("An exceptionCaught() event was fired",
                new IOException("Connection reset by peer"));
        h.close().close();
        String log = Files.readString(file);
        String line = "INFO  \\[[^]]+\\] \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} LoggingTest\\.java:\\d+ - "
                + "InetAddress 198\\.18\\.1\\.3:7000 is now DOWN";
        assertTrue(log.lines().anyMatch(l -> l.matches(line)), "system.log layout, the caller's file and line:\n" + log);
        assertFalse(log.contains("below --log-level"), log);
        assertTrue(log.contains("java.io.IOException: Connection reset by peer\n\tat "), "the file keeps stack traces:\n" + log);
        assertTrue(err.toString().lines().anyMatch(l -> l.matches(line)), err.toString());
        assertTrue(err.toString().contains("An exceptionCaught() event was fired (IOException: Connection reset by peer)\n"),
                err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace on stderr without --debug:\n" + err);
    }
}
