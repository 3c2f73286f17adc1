package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void redrawsOneLineInPlaceAndErasesItWhenDone() {
        StringWriter err = new StringWriter();
        AtomicLong packets = new AtomicLong();
        Progress p = new Progress(new PrintWriter(err, true), () -> CaptureCommand.liveStatus("lo", packets.get(),
                System.nanoTime(), null, 100L));
        p.draw();
        packets.set(50);
        p.draw();
        p.close();
        p.close();
        assertEquals("\rcapturing on lo: 0 packets, 0 s [....................]   0%\033[K"
                + "\rcapturing on lo: 50 packets, 0 s [##########..........]  50%\033[K\r\033[K", err.toString());
        p.draw();
        assertTrue(err.toString().endsWith("\r\033[K"), "nothing drawn after close");
    }

    @Test
    void barsAreClampedAndNoneDrawsNothing() {
        assertEquals("[....................]   0%", Progress.bar(-1));
        assertEquals("[####################] 100%", Progress.bar(3));
        StringWriter err = new StringWriter();
        ProgressOptions o = new ProgressOptions();
        try (Progress p = Progress.start(new PrintWriter(err), false, () -> "x")) {
            assertEquals(Progress.NONE, p);
        }
        assertEquals("", err.toString());
        // not a terminal here (surefire pipes stderr): no bar even when asked
        assertFalse(Progress.stderrIsTerminal());
        assertEquals(Progress.NONE, o.bar(new PrintWriter(err), () -> "x"));
        o.quiet = true;
        o.note(new PrintWriter(err, true), "capturing on lo");
        assertEquals("", err.toString());
        assertTrue(Progress.bytesRead() > 0, "this JVM has read its class files");
    }
}
