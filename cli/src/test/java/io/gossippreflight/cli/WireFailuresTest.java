package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.netty.HandshakeTimeoutException;
import io.gossippreflight.wire.netty.HandshakeVersionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireFailuresTest {
    @Test
    void malformedInternodeBytesAreBadInput() {
        assertEquals(ExitCode.USAGE, Failures.exitCodeOf(new WireFormatException("frame header CRC24 mismatch", 12)));
    }

    @Test
    void aSilentHandshakeIsAPathProblem() {
        assertEquals(ExitCode.PROBLEM, Failures.exitCodeOf(new HandshakeTimeoutException("/198.18.0.2:7000", "the Accept (12 bytes)",
                Duration.ofSeconds(10), 0)));
    }

    @Test
    void noCommonMessagingVersionStaysAWireFormatError() {
        assertEquals(ExitCode.USAGE, Failures.exitCodeOf(new HandshakeVersionException("peer answered with the pre-4.0 handshake "
                + "(version 11)", 11, 0)));
    }
}
