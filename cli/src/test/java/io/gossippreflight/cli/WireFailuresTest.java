package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gossippreflight.wire.WireFormatException;
import org.junit.jupiter.api.Test;

class WireFailuresTest {
    @Test
    void malformedInternodeBytesAreBadInput() {
        assertEquals(ExitCode.USAGE, Failures.exitCodeOf(new WireFormatException("frame header CRC24 mismatch", 12)));
    }
}
